"""Front ends: the command line, the Gradio UI, batch, serving, feedback and the benchmark.

Nothing in the project imports this package; `app.py` and the `kratom-qa` script start here.
"""
