/**
 * The media types the REST API lists as binary (lib/api.ts `binaryMediaTypes`), and API Gateway's
 * rule for them, in one place so the local HTTP adapter answers as AWS does. No CDK here: the local
 * runtime imports it.
 *
 * API Gateway (REST, Lambda proxy) sends a body the Lambda returned base64-encoded with
 * `isBase64Encoded` as bytes only when the request's FIRST `Accept` media type matches one of these;
 * otherwise the client gets the base64 text as it is (with the Lambda's own content-type). A request
 * body whose Content-Type matches one reaches the Lambda base64-encoded, with `isBase64Encoded`.
 */
export const BINARY_MEDIA_TYPES: readonly string[] = ['application/pdf'];

/** The bare media type (`type/subtype`, lower case) of a Content-Type, or of an Accept header's first entry. */
export function firstMediaType(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  return first ? first : undefined;
}

/** Does `mediaType` match an entry of the list (`*` standing for a whole type or subtype, as in `image/*`)? */
export function isBinaryMediaType(mediaType: string | undefined, binaryTypes: readonly string[] = BINARY_MEDIA_TYPES): boolean {
  if (!mediaType) return false;
  const [type, subtype] = mediaType.split('/');
  return binaryTypes.some((entry) => {
    const [listedType, listedSubtype] = entry.toLowerCase().split('/');
    return (listedType === '*' || listedType === type) && (listedSubtype === '*' || listedSubtype === subtype);
  });
}

/** Whether API Gateway sends an `isBase64Encoded` body as bytes to a request with this Accept header. */
export const answersInBinary = (accept: string | undefined, binaryTypes: readonly string[] = BINARY_MEDIA_TYPES): boolean =>
  isBinaryMediaType(firstMediaType(accept), binaryTypes);
