"""Writes activities.csv as an .xlsx with Python's XlsxWriter the way workplan writes
activities.xlsx (constant memory, dates as date cells, the rest as text, frozen header,
filter, widths): the comparison figure of issue 25."""
import csv, sys, time, datetime
import xlsxwriter
src, dst = sys.argv[1], sys.argv[2]
t = time.perf_counter()
with open(src, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
wb = xlsxwriter.Workbook(dst, {"constant_memory": True, "strings_to_formulas": False,
                               "strings_to_numbers": False, "strings_to_urls": False})
ws = wb.add_worksheet("Activities")
bold = wb.add_format({"bold": True})
datef = wb.add_format({"num_format": "yyyy-mm-dd"})
wrap = wb.add_format({"text_wrap": True, "valign": "top"})
dates = {i for i, h in enumerate(header) if h in ("date_start", "date_end")}
for c, h in enumerate(header):
    ws.write_string(0, c, h, bold)
    ws.set_column(c, c, 18)
for r, row in enumerate(body, start=1):
    for c, v in enumerate(row):
        if c in dates and len(v) == 10:
            ws.write_datetime(r, c, datetime.datetime.strptime(v, "%Y-%m-%d"), datef)
        elif v:
            ws.write_string(r, c, v, wrap if len(v) > 40 else None)
ws.freeze_panes(1, 0)
ws.autofilter(0, 0, len(body), len(header) - 1)
wb.close()
print(f"{len(body)} rows in {time.perf_counter() - t:.2f} s")
