"""CVs: the uniform structured template or an uploaded PDF, shown with the skills card attached.

``structured`` holds the template, ``upload`` checks uploaded files, ``store`` holds the rules
(who may write and read a CV), ``render_pdf`` makes the one PDF of CV and skills card, ``texts``
the words of the PDF and of the printable card page.
"""
