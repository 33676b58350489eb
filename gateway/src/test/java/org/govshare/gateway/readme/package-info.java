/** The README's examples, run as they are written against the demo jar. */
@NullMarked
package org.govshare.gateway.readme;

import org.jspecify.annotations.NullMarked;
