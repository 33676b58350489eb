/** National identifier standards: resident ID numbers (GB 11643) and unified social credit codes (GB 32100). */
@NullMarked
package org.govshare.schema.identifier;

import org.jspecify.annotations.NullMarked;
