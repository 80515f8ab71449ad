import {
  CorrectFundEntryBody,
  DecideExpenseBody,
  FundChainCheck,
  FundEntry,
  FundEntryList,
  FundEntryQuery,
  FundTotals,
  RecordFundEntryBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { correctFundEntry, decideExpense, recordFundEntry } from './fund-ledger.js';
import { getFundTotals, listFundEntries } from './fund-read.js';
import { fundStatementCsv, fundStatementPdf } from './fund-statements.js';
import { verifyFund } from './fund-verify.js';

const tags = ['councils'];
const pre = { preHandler: requireSignIn };
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ExpenseParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  // an int4 column: beyond it is a 400, not the database's range error
  seq: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});
const StatementQuery = Type.Object(
  { member: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);

/** Whole-ledger chain checks an account may ask for in a minute (each re-hashes every entry). */
export const VERIFIES_PER_MINUTE = 6;

/** The shared fund (decision 022): every member reads every entry; nobody else learns of it. */
export async function fundRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const exportLimit = {
    rateLimit: perAccountLimit(app.deps.config.exportsPerHour, 3_600_000, 'exports'),
  };
  r.get(
    '/api/councils/:id/fund',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The fund’s balance and totals (members’ representatives, staff over the street)',
        description:
          'Running totals kept by every entry: one row read, whatever the ledger’s length.',
        params: IdParams,
        response: { 200: FundTotals, ...errorResponses },
      },
    },
    (req) => getFundTotals(req.ctx, req.params.id),
  );
  r.get(
    '/api/councils/:id/fund/entries',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The fund’s entries newest first, or one member’s statement',
        params: IdParams,
        querystring: FundEntryQuery,
        response: { 200: FundEntryList, ...errorResponses },
      },
    },
    (req) => listFundEntries(req.ctx, req.params.id, req.query),
  );
  r.post(
    '/api/councils/:id/fund/entries',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Record a pledge, a contribution or an expense (chair, secretary, staff; audited)',
        description:
          'Fen, whole and positive. A pledge or contribution names an active member (400 ' +
          '`memberId` `notMember`); an expense carries receipts the recorder uploaded (400 ' +
          '`receiptIds` `required`) and may not exceed the balance less the expenses waiting ' +
          'for approval (409 `amountFen`, naming the balance).',
        params: IdParams,
        body: RecordFundEntryBody,
        response: { 201: FundEntry, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordFundEntry(req.ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/councils/:id/fund/expenses/:seq/decision',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Approve or refuse an expense (the chair and directors; audited)',
        description:
          'Never one’s own (403 `own`), once per director (409); the approval that reaches the ' +
          'council’s rules spends it (409 when the balance no longer holds it); one refusal ' +
          'refuses it; a decided expense is a 409.',
        params: ExpenseParams,
        body: DecideExpenseBody,
        response: { 201: FundEntry, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await decideExpense(req.ctx, req.params.id, req.params.seq, req.body)),
  );
  r.post(
    '/api/councils/:id/fund/corrections',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Correct a pledge, a contribution or an approved expense (a new entry; audited)',
        params: IdParams,
        body: CorrectFundEntryBody,
        response: { 201: FundEntry, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await correctFundEntry(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/councils/:id/fund/verify',
    {
      ...pre,
      config: {
        rateLimit: perAccountLimit(VERIFIES_PER_MINUTE, 60_000, 'fund chain checks'),
      },
      schema: {
        tags,
        summary: 'Check the fund’s hash chain and running totals, entry by entry',
        description: `Reads and re-hashes the whole ledger: at most ${VERIFIES_PER_MINUTE} a minute per account (429).`,
        params: IdParams,
        response: { 200: FundChainCheck, ...errorResponses },
      },
    },
    (req) => verifyFund(req.ctx, req.params.id),
  );
  r.get(
    '/api/councils/:id/fund/statement.csv',
    {
      ...pre,
      config: exportLimit,
      schema: {
        tags,
        summary: 'The fund’s (or a member’s) statement as CSV, streamed, oldest first',
        params: IdParams,
        querystring: StatementQuery,
      },
    },
    async (req, reply) => {
      const { fileName, body } = await fundStatementCsv(req.ctx, req.params.id, req.query.member);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(body);
    },
  );
  r.get(
    '/api/councils/:id/fund/statement.pdf',
    {
      ...pre,
      config: exportLimit,
      schema: {
        tags,
        summary: 'The fund’s (or a member’s) statement as a PDF',
        params: IdParams,
        querystring: StatementQuery,
      },
    },
    async (req, reply) => {
      const { fileName, body } = await fundStatementPdf(req.ctx, req.params.id, req.query.member);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Buffer.from(body));
    },
  );
}
