import { VolunteerFigures, VolunteerFiguresQuery } from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { getVolunteerFigures } from './volunteer-figures.js';

const tags = ['volunteers'];

/** The figures of the committee's one screen (社区一屏): GET /api/volunteer-figures?area=. */
export async function figuresRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/volunteer-figures',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          "An area's volunteers, active volunteers, volunteers on duty now and this year's hours per 1,000 residents (staff reaching the area)",
        description:
          'Active: confirmed service within the last 365 days. On duty: checked in and not out, ' +
          'or on a task they accepted. An area outside the reader’s scope is a 404.',
        querystring: VolunteerFiguresQuery,
        response: { 200: VolunteerFigures, ...errorResponses },
      },
    },
    (req) => getVolunteerFigures(req.ctx, req.query.area),
  );
}
