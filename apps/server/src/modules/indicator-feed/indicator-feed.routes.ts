import {
  ErrorCode,
  FedCatalogue,
  FedIndicator,
  FedIndicatorParams,
  FIGURES_MAX_BYTES,
  FIGURES_MAX_PER_REQUEST,
  FigureBatchAnswer,
  FigureBatchBody,
  FigureReadAnswer,
  FigureReadQuery,
  UpdateFedIndicatorBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { getFedCatalogue, updateFedIndicator } from './catalogue.js';
import { checkSender, pushFigures, readFigures } from './figures.js';

const tags = ['indicators'];
const MB = FIGURES_MAX_BYTES / 1024 / 1024;

/** 指标汇聚: departments push and read back their figures; the city's staff keep the catalogue. */
export async function indicatorFeedRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/indicators/figures',
    {
      bodyLimit: FIGURES_MAX_BYTES,
      onRequest: checkSender,
      schema: {
        tags,
        summary: "A department's figures (Authorization: Bearer <department key>): all or none",
        description: `At most ${FIGURES_MAX_PER_REQUEST} figures and ${MB} MB a request (a larger one is a 413). A figure for a time already sent replaces it; the replaced value is kept as history.`,
        body: FigureBatchBody,
        response: { 200: FigureBatchAnswer, ...errorResponses },
      },
      // the count is checked before the figures are: a batch too large is a 413 naming the limit
      preValidation: async (req) => {
        const n = (req.body as { figures?: unknown[] } | null)?.figures?.length ?? 0;
        if (n > FIGURES_MAX_PER_REQUEST) {
          throw new AppError(
            ErrorCode.payloadTooLarge,
            `figures: at most ${FIGURES_MAX_PER_REQUEST} a request, this one has ${n}; send them in batches / 每次最多 ${FIGURES_MAX_PER_REQUEST} 条，请分批推送`,
            { field: 'figures', rule: 'maxItems' },
          );
        }
      },
    },
    (req) => pushFigures(req.ctx, req, req.body),
  );
  r.get(
    '/api/indicators/figures',
    {
      schema: {
        tags,
        summary: 'A department reads back its figures for an indicator and an area, with history',
        querystring: FigureReadQuery,
        response: { 200: FigureReadAnswer, ...errorResponses },
      },
    },
    (req) => readFigures(req.ctx, req, req.query),
  );
  r.get(
    '/api/indicators/catalogue',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The indicators fed by departments: owner, rules, thresholds, last figure',
        response: { 200: FedCatalogue, ...errorResponses },
      },
    },
    (req) => getFedCatalogue(req.ctx),
  );
  r.patch(
    '/api/indicators/catalogue/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          "Change a fed indicator's description, rules or thresholds (administrators of the city)",
        params: FedIndicatorParams,
        body: UpdateFedIndicatorBody,
        response: { 200: FedIndicator, ...errorResponses },
      },
    },
    (req) => updateFedIndicator(req.ctx, req.params.id, req.body),
  );
}
