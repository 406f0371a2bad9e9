/**
 * `dist/waymark.segment.js`: Segment's format for the script-tag build, beside `waymark.js`, in
 * either order: `<script async src="waymark.js" data-endpoint="https://api.segment.io"
 * data-format="segment">` and `<script async src="waymark.segment.js" data-write-key="…">`.
 * `data-format` makes the core hold delivery until this file registers, so no event leaves in
 * Waymark's own format to Segment.
 */
import { segment } from '../segment.js';
import { register } from '../../capture/scripts/register.js';

register((d) => (_, { format }) => format(segment({ writeKey: d.writeKey }), 'segment'));
