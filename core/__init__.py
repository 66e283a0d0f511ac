"""The core of kratom-qa: the vocabulary every layer speaks, settings, kratom names, follow-ups.

Imports nothing of the rest of the project.
"""
