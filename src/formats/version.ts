/** The SDK version that formats report as their library (Segment) or tracker (Snowplow) version. */
export const VERSION = '0.1.0';
