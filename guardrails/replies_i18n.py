"""Decline and urgent replies in the languages kratom questions commonly arrive in.

Languages: es, fr, de, pt, it, th, ms. Each has a general decline (used for every declined
category), an emergency text (911 and Poison Help first) and a self-harm text (988 first).
Out-of-scope categories fall back to English with a note, which the policy allows.
The resource numbers are the US services in policy.RESOURCES; the texts say so and point to
the local emergency number otherwise, since a user writing in another language may not be in
the US. No other country's number appears: none was verified.
"""

from __future__ import annotations

__all__ = ["TEXTS", "text_for"]

_DECLINED_KEYS = frozenset({"personal_dosing", "interaction", "pregnancy", "tapering", "replace_treatment", "sourcing"})

TEXTS: dict[str, dict[str, str]] = {
    "es": {
        "declined": (
            "No puedo indicar una cantidad ni un plan para usted ni para otra persona. No existe "
            "una dosis de kratom establecida como segura o eficaz, la potencia de los productos "
            "varía mucho y los riesgos dependen de la salud y los medicamentos de cada persona.\n\n"
            "Hable con un médico o farmacéutico. En EE. UU., la línea de ayuda de SAMHSA "
            "({samhsa}) es gratuita, confidencial y atiende 24/7, también en español.\n\n"
            "Sí puedo contarle lo que dicen los estudios en general, por ejemplo: *¿Qué dicen "
            "los estudios sobre el kratom y el dolor crónico?*"
        ),
        "emergency": (
            "**Si alguien no responde, no respira o respira muy lento, tiene los labios azules, "
            "una convulsión o dolor en el pecho, llame al {emergency} ahora** (en EE. UU.; en otro "
            "país, a su número de emergencias).\n\n"
            "- Posible intoxicación, incluido un niño que tragó kratom: **Poison Help {poison}** "
            "(gratis, 24/7, con atención en español).\n- Quédese con la persona."
        ),
        "self_harm": (
            "Gracias por decírmelo. No tiene que pasar por esto a solas.\n\n"
            "- **Llame o envíe un mensaje de texto al {lifeline}** (988 Suicide & Crisis Lifeline, "
            "en EE. UU., con atención en español).\n- Si está en peligro inmediato, **llame al "
            "{emergency}**."
        ),
    },
    "fr": {
        "declined": (
            "Je ne peux pas indiquer de quantité ni de plan, ni pour vous ni pour quelqu'un "
            "d'autre. Aucune dose de kratom n'est établie comme sûre ou efficace, la puissance des "
            "produits varie fortement et les risques dépendent de la santé et des médicaments de "
            "chacun.\n\nParlez-en à un médecin ou à un pharmacien. Aux États-Unis, la ligne "
            "d'aide SAMHSA ({samhsa}) est gratuite, confidentielle et ouverte 24 h/24.\n\n"
            "Je peux en revanche résumer ce que disent les études, par exemple : *Que disent les "
            "études sur le kratom et la douleur chronique ?*"
        ),
        "emergency": (
            "**Si une personne ne répond pas, ne respire pas ou respire très lentement, a les "
            "lèvres bleues, une crise convulsive ou une douleur thoracique, appelez le "
            "{emergency} maintenant** (aux États-Unis ; ailleurs, le numéro d'urgence local).\n\n"
            "- Intoxication possible, y compris un enfant qui a avalé du kratom : **Poison Help "
            "{poison}** (gratuit, 24 h/24).\n- Restez avec la personne."
        ),
        "self_harm": (
            "Merci de me l'avoir dit. Vous n'avez pas à traverser cela seul.\n\n"
            "- **Appelez ou envoyez un SMS au {lifeline}** (988 Suicide & Crisis Lifeline, "
            "États-Unis).\n- En cas de danger immédiat, **appelez le {emergency}**."
        ),
    },
    "de": {
        "declined": (
            "Ich kann keine Menge und keinen Plan nennen, weder für Sie noch für jemand anderen. "
            "Es gibt keine als sicher oder wirksam belegte Kratom-Dosis, die Stärke der Produkte "
            "schwankt stark, und die Risiken hängen von Gesundheit und Medikamenten jedes "
            "Menschen ab.\n\nBitte sprechen Sie mit einer Ärztin, einem Arzt oder in der "
            "Apotheke. In den USA ist die SAMHSA-Hotline ({samhsa}) kostenlos, vertraulich und "
            "rund um die Uhr erreichbar.\n\nIch kann zusammenfassen, was Studien allgemein "
            "zeigen, zum Beispiel: *Was sagen Studien über Kratom und chronische Schmerzen?*"
        ),
        "emergency": (
            "**Wenn jemand nicht reagiert, nicht oder sehr langsam atmet, blaue Lippen, einen "
            "Krampfanfall oder Brustschmerzen hat, rufen Sie jetzt {emergency} an** (in den USA; "
            "anderswo den örtlichen Notruf).\n\n"
            "- Mögliche Vergiftung, auch wenn ein Kind Kratom verschluckt hat: **Poison Help "
            "{poison}** (kostenlos, rund um die Uhr).\n- Bleiben Sie bei der Person."
        ),
        "self_harm": (
            "Danke, dass Sie es mir sagen. Sie müssen das nicht allein durchstehen.\n\n"
            "- **Rufen Sie {lifeline} an oder schreiben Sie eine SMS** (988 Suicide & Crisis "
            "Lifeline, USA).\n- Bei akuter Gefahr **rufen Sie {emergency} an**."
        ),
    },
    "pt": {
        "declined": (
            "Não posso indicar uma quantidade nem um plano, para você ou para outra pessoa. Não "
            "existe uma dose de kratom estabelecida como segura ou eficaz, a potência dos "
            "produtos varia muito e os riscos dependem da saúde e dos medicamentos de cada um.\n\n"
            "Converse com um médico ou farmacêutico. Nos EUA, a linha de ajuda da SAMHSA "
            "({samhsa}) é gratuita, confidencial e funciona 24 horas.\n\n"
            "Posso resumir o que os estudos dizem em geral, por exemplo: *O que os estudos dizem "
            "sobre kratom e dor crônica?*"
        ),
        "emergency": (
            "**Se alguém não responde, não respira ou respira muito devagar, tem lábios azulados, "
            "uma convulsão ou dor no peito, ligue para {emergency} agora** (nos EUA; em outro "
            "país, para o número de emergência local).\n\n"
            "- Possível intoxicação, inclusive uma criança que engoliu kratom: **Poison Help "
            "{poison}** (gratuito, 24 horas).\n- Fique com a pessoa."
        ),
        "self_harm": (
            "Obrigado por me contar. Você não precisa passar por isso sozinho.\n\n"
            "- **Ligue ou envie uma mensagem de texto para {lifeline}** (988 Suicide & Crisis "
            "Lifeline, EUA).\n- Se estiver em perigo imediato, **ligue para {emergency}**."
        ),
    },
    "it": {
        "declined": (
            "Non posso indicare una quantità né un piano, né per lei né per altri. Non esiste "
            "una dose di kratom riconosciuta come sicura o efficace, la potenza dei prodotti "
            "varia molto e i rischi dipendono dalla salute e dai farmaci di ciascuno.\n\n"
            "Ne parli con un medico o un farmacista. Negli Stati Uniti la linea di aiuto SAMHSA "
            "({samhsa}) è gratuita, riservata e attiva 24 ore su 24.\n\n"
            "Posso riassumere cosa dicono gli studi in generale, per esempio: *Cosa dicono gli "
            "studi su kratom e dolore cronico?*"
        ),
        "emergency": (
            "**Se qualcuno non risponde, non respira o respira molto lentamente, ha le labbra "
            "blu, una crisi convulsiva o dolore al petto, chiami subito il {emergency}** (negli "
            "USA; altrove il numero di emergenza locale).\n\n"
            "- Possibile intossicazione, anche un bambino che ha ingerito kratom: **Poison Help "
            "{poison}** (gratuito, 24 ore su 24).\n- Resti con la persona."
        ),
        "self_harm": (
            "Grazie per avermelo detto. Non deve affrontare tutto questo da solo.\n\n"
            "- **Chiami o invii un SMS al {lifeline}** (988 Suicide & Crisis Lifeline, USA).\n"
            "- Se è in pericolo immediato, **chiami il {emergency}**."
        ),
    },
    "th": {
        "declined": (
            "ฉันไม่สามารถแนะนำปริมาณหรือวิธีใช้ให้คุณหรือผู้อื่นได้ ยังไม่มีขนาดการใช้กระท่อมที่พิสูจน์ว่า"
            "ปลอดภัยหรือได้ผล ความแรงของผลิตภัณฑ์แตกต่างกันมาก และความเสี่ยงขึ้นกับสุขภาพและยาที่แต่ละคนใช้\n\n"
            "โปรดปรึกษาแพทย์หรือเภสัชกร ในสหรัฐอเมริกา สายด่วน SAMHSA ({samhsa}) ให้บริการฟรี "
            "เป็นความลับ ตลอด 24 ชั่วโมง\n\n"
            "ฉันสามารถสรุปสิ่งที่งานวิจัยพบโดยทั่วไปได้ เช่น *งานวิจัยว่าอย่างไรเกี่ยวกับกระท่อมกับอาการปวดเรื้อรัง?*"
        ),
        "emergency": (
            "**หากมีคนไม่ตอบสนอง ไม่หายใจหรือหายใจช้ามาก ริมฝีปากเขียว ชัก หรือเจ็บหน้าอก "
            "โทร {emergency} ทันที** (ในสหรัฐอเมริกา; ประเทศอื่นโทรหมายเลขฉุกเฉินในพื้นที่)\n\n"
            "- กรณีอาจได้รับพิษ รวมถึงเด็กที่กลืนกระท่อม: **Poison Help {poison}** (ฟรี 24 ชั่วโมง)\n"
            "- อยู่กับผู้ป่วยตลอดเวลา"
        ),
        "self_harm": (
            "ขอบคุณที่บอกฉัน คุณไม่จำเป็นต้องเผชิญเรื่องนี้เพียงลำพัง\n\n"
            "- **โทรหรือส่งข้อความไปที่ {lifeline}** (988 Suicide & Crisis Lifeline ในสหรัฐอเมริกา)\n- หากอยู่ในอันตรายเร่งด่วน **โทร {emergency}**"
        ),
    },
    "ms": {
        "declined": (
            "Saya tidak boleh mencadangkan sukatan atau jadual untuk anda atau orang lain. Tiada "
            "dos ketum yang terbukti selamat atau berkesan, kekuatan produk sangat berbeza-beza, "
            "dan risikonya bergantung pada kesihatan serta ubat setiap orang.\n\n"
            "Sila berbincang dengan doktor atau ahli farmasi. Di Amerika Syarikat, talian "
            "bantuan SAMHSA ({samhsa}) adalah percuma, sulit dan dibuka 24 jam.\n\n"
            "Saya boleh meringkaskan apa yang dikatakan oleh kajian secara umum, contohnya: "
            "*Apakah kata kajian tentang ketum dan sakit kronik?*"
        ),
        "emergency": (
            "**Jika seseorang tidak sedarkan diri, tidak bernafas atau bernafas terlalu perlahan, "
            "bibir biru, sawan atau sakit dada, hubungi {emergency} sekarang** (di Amerika "
            "Syarikat; di negara lain, nombor kecemasan tempatan).\n\n"
            "- Kemungkinan keracunan, termasuk kanak-kanak yang tertelan ketum: **Poison Help "
            "{poison}** (percuma, 24 jam).\n- Kekal bersama orang itu."
        ),
        "self_harm": (
            "Terima kasih kerana memberitahu saya. Anda tidak perlu menghadapinya seorang diri.\n\n"
            "- **Hubungi atau hantar mesej teks ke {lifeline}** (988 Suicide & Crisis Lifeline, "
            "Amerika Syarikat).\n- Jika anda dalam bahaya segera, **hubungi {emergency}**."
        ),
    },
}


def text_for(category: str, language: str) -> str | None:
    """The translated template for a category, or None when English (with a note) is used."""
    texts = TEXTS.get(language)
    if texts is None:
        return None
    key = "declined" if category in _DECLINED_KEYS else category
    return texts.get(key)
