import { getAdminApi } from '@/server/entry';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ path: string[] }> };

const safeDecode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** `public_id` may contain `/`, so it is the whole rest of the path. */
const publicIdOf = async (context: Context) => (await context.params).path.map(safeDecode).join('/');

export const GET = async (request: Request, context: Context) =>
  (await getAdminApi()).getCustomLlm(await publicIdOf(context))(request);

export const PUT = async (request: Request, context: Context) =>
  (await getAdminApi()).putCustomLlm(await publicIdOf(context))(request);

export const DELETE = async (request: Request, context: Context) =>
  (await getAdminApi()).deleteCustomLlm(await publicIdOf(context))(request);

/** POST exists only as `<public_id>/test`, so a path is never ambiguous. */
export const POST = async (request: Request, context: Context) => {
  const segments = (await context.params).path.map(safeDecode);
  if (segments.length < 2 || segments.at(-1) !== 'test') {
    return Response.json(
      { error: { message: 'Use PUT to save a definition; POST is only for /test.' } },
      { status: 405 },
    );
  }
  return (await getAdminApi()).testCustomLlm(segments.slice(0, -1).join('/'))(request);
};
