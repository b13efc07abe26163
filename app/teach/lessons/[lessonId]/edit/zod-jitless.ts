import { z } from "zod";

/*
 * The editor runs the lesson schema in the browser. Zod's fast path compiles parsers with `new Function`,
 * which this site's Content-Security-Policy (no 'unsafe-eval') forbids: probing for it would be reported as
 * a violation. Jitless parsing is plenty fast for one lesson.
 */
z.config({ jitless: true });
