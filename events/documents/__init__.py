"""Documents made from a list: exports (CSV for French Excel, XLSX) and printable PDFs (the
attendance sheet, name badges, an event's tickets on A4)."""
