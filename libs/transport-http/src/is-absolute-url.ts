/** Whether `value` parses as an absolute URL (`URL.canParse` is missing from older iOS WebViews, so parse and catch). */
export function isAbsoluteUrl(value: string): boolean {
  try {
    return new URL(value).protocol.length > 0;
  } catch {
    return false;
  }
}
