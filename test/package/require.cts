// CommonJS loading the package: Node >= 20.19 (and TypeScript's nodenext) load an ES module with
// `require`; TypeScript's node16 refuses, as Node before 20.19 does at run time.
import { createWaymark } from 'waymark';

createWaymark({ endpoint: '/collect' }).track('cart_viewed');
