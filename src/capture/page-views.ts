import type { JourneyStage, PageType, PluginContext, Waymark, WaymarkEvent } from '../types.js';

/** A page view as capture modules need it: what they measure is tagged with its page. */
export interface SeenPage {
  /** Id of the `page_viewed` event. */
  view: string;
  url: string;
  path: string;
  type?: PageType;
  stage: JourneyStage;
}

export interface PageViews {
  /** The first page view of this document: the one a full page load measures. */
  first(): SeenPage | undefined;
  /** The latest page view: the route the shopper is on. */
  latest(): SeenPage | undefined;
  /** The latest page view of this URL. */
  at(url: string | undefined): SeenPage | undefined;
}

/** How many routes of a single-page shop are remembered by URL. */
const ROUTES = 20;

export const seenPage = (e: WaymarkEvent): SeenPage => ({
  view: e.id,
  url: e.page.url,
  path: e.page.path,
  type: e.page.type,
  stage: e.stage,
});

/**
 * The page views this instance tracks from now on, so a measurement can carry the stage and type
 * of the page it measured (`p75 LCP on checkout pages`). `onView` runs for each new page view
 * after the one before it was remembered as `previous`.
 */
export const watchPageViews = (
  waymark: Waymark,
  onView?: (page: SeenPage, previous: SeenPage | undefined) => void,
): PageViews => {
  let first: SeenPage | undefined;
  let latest: SeenPage | undefined;
  const byUrl = new Map<string, SeenPage>();
  waymark.on('track', (e) => {
    if (e.type != 'page_viewed') return;
    const page = seenPage(e);
    const previous = latest;
    first ??= page;
    latest = page;
    byUrl.delete(page.url);
    byUrl.set(page.url, page);
    if (byUrl.size > ROUTES) byUrl.delete(byUrl.keys().next().value!);
    onView?.(page, previous);
  });
  return { first: () => first, latest: () => latest, at: (url) => (url ? byUrl.get(url) : undefined) };
};

/**
 * A module added after the landing page view (the script-tag build starts modules after it) never
 * saw it: its events of `type` that name no page then take the page type and stage that Waymark
 * gives the current page.
 */
export const fillPage = ({ hook }: PluginContext, type: string): void =>
  hook('classify', (e) => {
    if (e.type != type || e.props.page_stage != null || e.props.page_path != null) return;
    e.props.page_stage = e.stage;
    if (e.page.type) e.props.page_type = e.page.type;
  });
