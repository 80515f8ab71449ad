import {
  CertificateIdParams,
  CertificateList,
  CertificateListQuery,
  CertificatePublicKeys,
  CertificateSummary,
  CertificateVerification,
  ErrorBody,
  formatCertificateCode,
  RevokeCertificateBody,
  VerifyCertificateParams,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  certificatePdf,
  certificatePublicKeys,
  listCertificates,
  myCertificates,
  revokeCertificateNow,
  verifyCertificate,
} from './certificates.service.js';

const tags = ['certificates'];

/**
 * Where the request came from, as the trusted proxies say: the QR code's origin without
 * PUBLIC_URL, outside production only (production does not start without PUBLIC_URL).
 */
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

export async function certificateRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const perMinute = app.deps.config.certificateChecksPerMinute;

  r.get(
    '/api/verify/:code',
    {
      config: {
        // public: counted per client address, whoever is signed in
        rateLimit: {
          max: perMinute,
          timeWindow: 60_000,
          keyGenerator: (req: FastifyRequest) => `certificate-check:${req.ip}`,
          errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => {
            const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
            return new AppError(
              'TOO_MANY_REQUESTS',
              `Too many certificate checks from this address (at most ${perMinute} a minute); try again in ${seconds} s / 验证过于频繁，请 ${seconds} 秒后再试`,
              { retryAfter: seconds },
            );
          },
        },
      },
      schema: {
        tags,
        summary: 'Check a certificate by its verification code (public, no sign-in)',
        description:
          'Genuine: the record exists and its Ed25519 signature holds; then whether it is revoked, ' +
          'its kind, title, issuer and date of issue — never the holder or the fields. Any other ' +
          'code (unknown, malformed, altered) answers `{ "genuine": false }` alone, also with 200.',
        security: [],
        params: VerifyCertificateParams,
        response: { 200: CertificateVerification, 400: ErrorBody, 429: ErrorBody },
      },
    },
    (req) => verifyCertificate(req.ctx, req.params.code),
  );

  r.get(
    '/api/certificates/public-key',
    {
      schema: {
        tags,
        summary: 'The Ed25519 public key that signs certificates (PEM and JWK), for offline checks',
        description:
          'A PDF certificate carries `certificate-signature.json` (an attached file): the signed ' +
          'text, its signature (base64url) and the key id. Verify it with the key of that id — ' +
          'the current one, or one of `retired` (earlier keys, still valid for what they signed) — ' +
          'e.g. `crypto.verify(null, Buffer.from(signedText), pem, Buffer.from(signature, "base64url"))`.',
        security: [],
        response: { 200: CertificatePublicKeys },
      },
    },
    async (req, reply) => {
      // the same for everyone, and changes only when the key does
      void reply.header('cache-control', 'public, max-age=3600');
      return certificatePublicKeys(req.ctx);
    },
  );

  r.get(
    '/api/certificates',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Certificates of your areas (committee and street staff), newest first',
        querystring: CertificateListQuery,
        response: { 200: CertificateList, ...errorResponses },
      },
    },
    (req) => listCertificates(req.ctx, req.query),
  );

  r.get(
    '/api/certificates/mine',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Your own certificates, newest first',
        response: { 200: CertificateList, ...errorResponses },
      },
    },
    (req) => myCertificates(req.ctx),
  );

  r.get(
    '/api/certificates/:id/pdf',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'A certificate as a PDF (its holder, or staff of its area; anyone else 404)',
        params: CertificateIdParams,
        produces: ['application/pdf'],
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { pdf, code } = await certificatePdf(req.ctx, req.params.id, originOf(req));
      return reply
        .header('content-type', 'application/pdf')
        .header('cache-control', 'private, no-store')
        .header(
          'content-disposition',
          `attachment; filename="certificate-${formatCertificateCode(code)}.pdf"`,
        )
        .send(Buffer.from(pdf));
    },
  );

  r.post(
    '/api/certificates/:id/revoke',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Revoke a certificate, with a reason (staff of its area)',
        params: CertificateIdParams,
        body: RevokeCertificateBody,
        response: { 200: CertificateSummary, ...errorResponses },
      },
    },
    (req) => revokeCertificateNow(req.ctx, { id: req.params.id, reason: req.body.reason }),
  );
}
