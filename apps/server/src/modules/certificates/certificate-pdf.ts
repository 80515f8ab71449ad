import { formatCertificateCode } from '@cc/contracts';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { embedChineseFont, wrap } from '../../platform/pdf-font.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import type { SignedContent } from './certificate-signing.js';

/**
 * A certificate as an A4 PDF, drawn from its record on demand: title, holder, fields, issuer
 * and date, the verification code with its QR code, and the signed text with its Ed25519
 * signature as an attached file (`certificate-signature.json`) for an offline check. Chinese
 * glyphs: Noto Sans SC cut to this certificate's characters (platform/pdf-font.ts).
 */

/** What is printed: the signed content, and what the paper needs besides. */
export interface CertificateDocument extends SignedContent {
  revokedAt: Date | null;
  /** where the QR code leads: `<origin>/verify/<code>` */
  verifyUrl: string;
  /** the canonical text that was signed, its signature and the key's id */
  signedText: string;
  signature: string;
  keyId: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.42, 0.42, 0.46);
const RED = rgb(0.78, 0.12, 0.12);

/** The verification address printed and encoded for `code`, under `origin`. */
export function verificationUrl(origin: string, code: string): string {
  return `${origin}/verify/${formatCertificateCode(code)}`;
}

/** The date as a person in Shanghai reads it on paper: 2026年3月5日. */
function chineseDate(at: Date): string {
  const [y, m, d] = shanghaiDate(at).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export async function renderCertificatePdf(c: CertificateDocument): Promise<Uint8Array> {
  const code = formatCertificateCode(c.code);
  const date = chineseDate(c.issuedAt);
  const lines = {
    holder: '持证人 Holder',
    issuer: '出具单位 Issued by',
    date: '出具日期 Date of issue',
    code: '验证码 Verification code',
    scan: `扫码或访问 ${c.verifyUrl} 验证真伪`,
    scanEn: 'Scan the code or visit the address to check that this certificate is genuine.',
    signed: `Ed25519 签名 / signature · 密钥 key ${c.keyId}`,
    revoked: '已撤销 REVOKED',
  };
  const allText = [
    c.title,
    c.holderName,
    c.issuerName,
    date,
    code,
    ...c.fields.flatMap((f) => [f.label, f.value]),
    ...Object.values(lines),
  ].join('');

  const doc = await PDFDocument.create();
  const font = await embedChineseFont(doc, allText);
  const first = doc.addPage([A4.width, A4.height]);
  let page = first;
  const width = A4.width - 2 * MARGIN;
  let y = A4.height - MARGIN;
  // the first page keeps its foot for the verification block; later pages run to the margin
  let floor = MARGIN + 150;

  const centred = (text: string, size: number, color = INK) => {
    const w = font.widthOfTextAtSize(text, size);
    page.drawText(text, { x: (A4.width - w) / 2, y, size, font, color });
  };

  centred(c.issuerName, 12, GREY);
  y -= 48;
  for (const line of wrap(font, c.title, 26, width)) {
    centred(line, 26);
    y -= 34;
  }
  y -= 8;
  page.drawLine({
    start: { x: MARGIN, y },
    end: { x: A4.width - MARGIN, y },
    thickness: 0.8,
    color: GREY,
  });
  y -= 36;

  const labelWidth = 150;
  const row = (label: string, value: string) => {
    const labelLines = wrap(font, label, 11, labelWidth - 12);
    const valueLines = wrap(font, value || '—', 13, width - labelWidth);
    const height = Math.max(labelLines.length * 15, valueLines.length * 19);
    if (y - height < floor) {
      // a certificate with many or long fields goes on: nothing is cut off
      page = doc.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN;
      floor = MARGIN;
      page.drawText(`${lines.code}: ${code}`, {
        x: MARGIN,
        y: MARGIN / 2,
        size: 8,
        font,
        color: GREY,
      });
    }
    labelLines.forEach((l, i) =>
      page.drawText(l, { x: MARGIN, y: y - i * 15 + 1, size: 11, font, color: GREY }),
    );
    valueLines.forEach((l, i) =>
      page.drawText(l, { x: MARGIN + labelWidth, y: y - i * 19, size: 13, font, color: INK }),
    );
    y -= height + 12;
  };
  row(lines.holder, c.holderName);
  for (const f of c.fields) row(f.label, f.value);
  y -= 8;
  row(lines.issuer, c.issuerName);
  row(lines.date, date);

  await drawVerificationBlock(doc, first, font, c.verifyUrl, code, lines);

  if (c.revokedAt) {
    const size = 48;
    const w = font.widthOfTextAtSize(lines.revoked, size);
    first.drawText(lines.revoked, {
      x: (A4.width - w) / 2,
      y: A4.height / 2,
      size,
      font,
      color: RED,
      opacity: 0.55,
    });
  }

  doc.setTitle(c.title);
  doc.setSubject(`${lines.code}: ${code}`);
  doc.setKeywords([code, c.verifyUrl, c.kind]);
  doc.setAuthor(c.issuerName);
  doc.setCreator('Community Cloud 社区云');
  doc.setProducer('Community Cloud 社区云 (pdf-lib)');
  doc.setCreationDate(c.issuedAt);
  doc.setModificationDate(c.issuedAt);
  await doc.attach(
    Buffer.from(
      JSON.stringify(
        {
          algorithm: 'Ed25519',
          keyId: c.keyId,
          publicKey: '/api/certificates/public-key',
          signedText: c.signedText,
          signature: c.signature,
        },
        null,
        2,
      ),
    ),
    'certificate-signature.json',
    {
      mimeType: 'application/json',
      description: 'The signed text of this certificate and its Ed25519 signature (base64url)',
      creationDate: c.issuedAt,
      modificationDate: c.issuedAt,
    },
  );
  return doc.save();
}

async function drawVerificationBlock(
  doc: PDFDocument,
  page: PDFPage,
  font: PDFFont,
  url: string,
  code: string,
  lines: { code: string; scan: string; scanEn: string; signed: string },
): Promise<void> {
  const qrSize = 112;
  const bottom = MARGIN;
  const png = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  const image = await doc.embedPng(png);
  page.drawImage(image, { x: MARGIN, y: bottom, width: qrSize, height: qrSize });
  const x = MARGIN + qrSize + 18;
  const textWidth = A4.width - MARGIN - x;
  let y = bottom + qrSize - 12;
  page.drawText(lines.code, { x, y, size: 10, font, color: GREY });
  y -= 22;
  page.drawText(code, { x, y, size: 16, font, color: INK });
  y -= 20;
  for (const l of wrap(font, lines.scan, 9, textWidth)) {
    page.drawText(l, { x, y, size: 9, font, color: INK });
    y -= 12;
  }
  for (const l of wrap(font, lines.scanEn, 8, textWidth)) {
    page.drawText(l, { x, y, size: 8, font, color: GREY });
    y -= 11;
  }
  page.drawText(lines.signed, { x, y: bottom, size: 7, font, color: GREY });
}
