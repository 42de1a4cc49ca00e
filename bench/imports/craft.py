#!/usr/bin/env python3
"""Crafted rosters for the import limits (issue 12 item 1): python3 craft.py <folder>.
xfd.xlsx       the issue's file: a roster header, then 10,000 rows with one cell each in column XFD (~50 KB)
bomb.xlsx      a header and 220 MB of XML comments, declared honestly (~220 KB)
bomb-lie.xlsx  the same, its sheet declaring 10,000 bytes (local header and central directory rewritten)
rows.xlsx      a header and 101,000 one-cell rows
errors.xlsx    60,000 rows that each break five rules (人员类别, 性别, 入党日期, 联系电话, 所在党支部), valid ID numbers
"""
import datetime, os, struct, sys, zipfile
from xml.sax.saxutils import escape

out = sys.argv[1] if len(sys.argv) > 1 else '.'
os.makedirs(out, exist_ok=True)
HEADER = ["序号", "姓名", "性别", "公民身份号码", "民族", "出生日期", "学历", "人员类别", "所在党支部", "入党日期", "转正日期", "联系电话"]

def col(n):
    s = ''
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s

def row(r, cells):
    return f'<row r="{r}">' + ''.join(f'<c r="{col(i + 1)}{r}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>' for i, v in enumerate(cells) if v is not None) + '</row>'

def xlsx(path, write_rows):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="党员花名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=False) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            write_rows(lambda s: f.write(s.encode()))
            f.write(b'</sheetData></worksheet>')

def id_number(birth, seq):
    body = '320106' + birth.strftime('%Y%m%d') + f'{seq:03d}'
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + '10X98765432'[sum(int(c) * x for c, x in zip(body, w)) % 11]

def xfd(w):
    w(row(1, HEADER))
    for r in range(2, 10_002): w(f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>')

def bomb(w):
    w(row(1, HEADER))
    block = '<!-- padding -->' * (64 * 1024)
    for _ in range(220): w(block)

def rows(w):
    w(row(1, HEADER))
    for r in range(2, 101_002): w(f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>张{r}</t></is></c></row>')

def errors(w):
    w(row(1, HEADER))
    for i in range(60_000):
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=i % 14_000)
        w(row(i + 2, [i + 1, f'党员{i}', '未知', id_number(birth, 11 + 2 * (i // 14_000)), '汉族', None, '大学本科', '团员', '甲党支部', '去年七月', None, '139']))

def declare(path, dest, name, size):
    b = bytearray(open(path, 'rb').read())
    n = name.encode()
    for sig, off, at in ((b'PK\x03\x04', 26, 22), (b'PK\x01\x02', 28, 24)):
        p = 0
        while (p := b.find(sig, p)) >= 0:
            start = p + (30 if sig == b'PK\x03\x04' else 46)
            if struct.unpack_from('<H', b, p + off)[0] == len(n) and b[start:start + len(n)] == n:
                struct.pack_into('<I', b, p + at, size)
            p += 4
    open(dest, 'wb').write(b)

for name, f in (('xfd', xfd), ('bomb', bomb), ('rows', rows), ('errors', errors)):
    xlsx(os.path.join(out, name + '.xlsx'), f)
declare(os.path.join(out, 'bomb.xlsx'), os.path.join(out, 'bomb-lie.xlsx'), 'xl/worksheets/sheet1.xml', 10_000)
for f in sorted(os.listdir(out)): print(f, os.path.getsize(os.path.join(out, f)))
