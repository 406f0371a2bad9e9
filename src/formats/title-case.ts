/** `order_status_viewed` → `Order Status Viewed`: a readable name for events no spec names. */
export const titleCase = (type: string): string => type.replace(/[_-]+/g, ' ').trim().replace(/(^|\s)\S/g, (c) => c.toUpperCase());
