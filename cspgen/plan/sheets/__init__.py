"""Figures read from the spreadsheets they live in: a table's rows or a chart's values from CSV or XLSX."""
