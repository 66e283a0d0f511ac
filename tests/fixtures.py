"""A small corpus the tests build for themselves: digests, a PDF and an HTML page, plus a manifest."""

from __future__ import annotations

import hashlib
from pathlib import Path

DIGESTS = {
    "liver-case-series": (
        "Liver injury case series (2021)",
        "peer_reviewed_primary",
        "human",
        2021,
        ["adverse_effects"],
        """# Liver injury case series (2021)
## Summary
A registry reviewed people who developed liver injury after taking kratom products and described the pattern of damage.
## Key findings
- In the registry case series, eleven adults developed cholestatic liver injury within weeks of starting kratom powder. [§ Results, Table 1]
- Jaundice and itching were the most common presenting complaints among the eleven registry patients with kratom liver injury. [§ Results]
- All eleven registry patients with kratom-associated liver injury recovered after stopping the product, none needing a transplant. [§ Results, Table 2]
- Liver enzyme levels in the kratom registry cases peaked at a median of 20 days after onset of symptoms. [§ Results, Figure 1]
## Limitations
- Case series cannot prove that kratom caused the liver injury. [§ Discussion]
""",
    ),
    "dose-survey": (
        "Online survey of kratom use patterns (2020)",
        "survey",
        "human",
        2020,
        ["dosing_reported", "pain_evidence"],
        """# Online survey of kratom use patterns (2020)
## Summary
An anonymous online survey asked adults who use kratom how much they used, how often and why.
## Key findings
- In the 2017 online survey of 2,798 adults who use kratom, 49% reported taking 1 to 3 g per dose. [§ Results, Table 2]
- Pain was the most common reason for use, reported by 91% of the 2,798 survey respondents. [§ Results, Table 3]
- Daily use was reported by 59% of respondents in the 2017 kratom user survey. [§ Results]
- About one third of the survey respondents reported adverse effects, mostly mild and lasting under a day. [§ Results]
## Limitations
- Respondents selected themselves online, so the sample may favour satisfied users. [§ Discussion]
""",
    ),
    "fda-statement": (
        "Agency statement on kratom (2018)",
        "agency",
        "n/a",
        2018,
        ["us_federal"],
        """# Agency statement on kratom (2018)
## Summary
The agency described its concerns about kratom and its public health warnings.
## Key findings
- As of February 2018, the agency stated that no kratom product was approved for any medical use in the United States. [§ Statement, para 2]
- In February 2018 the agency reported 44 deaths in which kratom use was documented. [§ Statement, para 4]
- The agency warned in 2018 that kratom products had been linked to Salmonella contamination in several states. [§ Statement, para 6]
- As of 2018, the agency said it had blocked imports of kratom at the border under import alerts. [§ Statement, para 7]
## Limitations
- Agency death counts include cases with many other drugs present. [§ Statement]
""",
    ),
    "withdrawal-treatment": (
        "Treatment of kratom withdrawal (2021)",
        "case_report",
        "human",
        2021,
        ["dependence"],
        """# Treatment of kratom withdrawal (2021)
## Summary
Clinicians reported treating kratom withdrawal and kratom use disorder with buprenorphine in several patients.
## Key findings
- Eight patients with kratom use disorder were started on buprenorphine, and all eight had fewer withdrawal symptoms afterwards. [§ Cases]
- Withdrawal from daily kratom use in the eight patients included muscle aches, runny nose, irritability and insomnia. [§ Cases]
- The clinicians treating kratom withdrawal noted that standard urine drug screens did not detect mitragynine. [§ Discussion]
- Kratom withdrawal symptoms in the case series began within 12 to 24 hours after the last use. [§ Cases]
## Limitations
- A small uncontrolled case series from one clinic. [§ Discussion]
""",
    ),
}

HTML_PAGE = """<html><head><title>Poison Help</title><script>alert('x')</script></head>
<body><nav>menu menu menu</nav><main>
<h1>Poison Help line</h1>
<p>The Poison Help line connects callers in the United States to their local poison center at any hour of the day, every day of the year, free and confidential.</p>
<h2>When to call</h2>
<p>Call the poison center when someone may have swallowed, inhaled or touched something harmful, including medicines, plants and household products.</p>
</main><footer>footer text</footer></body></html>"""

PDF_PAGES = [
    "Seizures after kratom use. A young adult had two generalised seizures after daily kratom use for several months.",
    "The seizures stopped after kratom was discontinued and no other cause was found on brain imaging.",
]


def make_pdf(path: Path, pages: list[str]) -> None:
    """A minimal valid PDF with one text line per page (no PDF-writing dependency needed)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        stream = f"BT /F1 10 Tf 40 700 Td ({text}) Tj ET".encode("latin-1")
        page_no, content_no = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_no} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_no} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)


def _entry(
    sid: str, title: str, kind: str, population: str, year: int, topics: list[str], file: str, digest: str, status: str
) -> str:
    return f"""
[[source]]
id = "{sid}"
title = "{title}"
publisher = "Test Journal"
year = {year}
url = "https://example.org/{sid}"
type = "{kind}"
population = "{population}"
topics = {topics!r}
file = "{file}"
sha256 = "{digest}"
[source.vetting]
status = "{status}"
reviewed_on = "2026-11-24"
notes = "fixture source"
""".replace("'", '"')


def build_corpus(root: Path, extra_status: dict[str, str] | None = None) -> Path:
    """Write the fixture corpus under root/corpus; extra_status overrides a source's status."""
    corpus = root / "corpus"
    (corpus / "digests").mkdir(parents=True, exist_ok=True)
    (corpus / "documents").mkdir(exist_ok=True)
    status = extra_status or {}
    entries = []
    for sid, (title, kind, population, year, topics, text) in DIGESTS.items():
        path = corpus / "digests" / f"{sid}.md"
        path.write_text(text, encoding="utf-8")
        entries.append(
            _entry(
                sid,
                title,
                kind,
                population,
                year,
                topics,
                f"digests/{sid}.md",
                hashlib.sha256(path.read_bytes()).hexdigest(),
                status.get(sid, "approved"),
            )
        )
    pdf = corpus / "documents" / "seizure-report.pdf"
    make_pdf(pdf, PDF_PAGES)
    entries.append(
        _entry(
            "seizure-report",
            "Seizures after kratom use",
            "case_report",
            "human",
            2018,
            ["adverse_effects"],
            "documents/seizure-report.pdf",
            hashlib.sha256(pdf.read_bytes()).hexdigest(),
            status.get("seizure-report", "approved"),
        )
    )
    html = corpus / "documents" / "poison-help.html"
    html.write_text(HTML_PAGE, encoding="utf-8")
    entries.append(
        _entry(
            "poison-help",
            "Poison Help line",
            "agency",
            "n/a",
            2024,
            ["pain_care"],
            "documents/poison-help.html",
            hashlib.sha256(html.read_bytes()).hexdigest(),
            status.get("poison-help", "approved"),
        )
    )
    (corpus / "sources.toml").write_text("".join(entries), encoding="utf-8")
    return corpus
