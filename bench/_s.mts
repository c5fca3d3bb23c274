import { bundleSize } from "./bundle-size.js";
const r = await bundleSize("facade"); console.log(r.gzip, r.minified);
