/** A response with its body parsed as JSON. */
export interface JsonResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly location: string | null;
  /** The parsed body; `{}` when empty. */
  readonly body: Record<string, unknown>;
}

/** Reads a fetch response whole, parsing its body as JSON. */
export async function readJsonResponse(response: Response): Promise<JsonResponse> {
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    location: response.headers.get('location'),
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
