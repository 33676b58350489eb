/** Tests of the web console, driven in headless Chromium. */
@NullMarked
package org.govshare.gateway.console;

import org.jspecify.annotations.NullMarked;
