import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { readXlsxOnWorker } from '/work/main/apps/server/src/modules/registry/import-files.ts';
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile('/tmp/t1.xlsx');
const ws = wb.worksheets[0]!;
ws.eachRow((r) => console.log('exceljs reads', JSON.stringify(r.values)));
// exceljs writes (shared strings, numbers)
const w2 = new ExcelJS.Workbook(); const s2 = w2.addWorksheet('居民');
s2.addRow(['姓名','手机号','x']); s2.addRow(['李四', 13912345678, 68.5]); s2.addRow([{richText:[{text:'富'},{text:'文本'}]}, 310101199001011234, true]);
fs.writeFileSync('/tmp/t2.xlsx', Buffer.from(await w2.xlsx.writeBuffer()));
for await (const r of readXlsxOnWorker('/tmp/t2.xlsx')) console.log(r);
