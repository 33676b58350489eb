/** Request shapes, their Calcite plans compiled once into parameterised source SQL, and the plan cache. */
@NullMarked
package org.govshare.connector.plan;

import org.jspecify.annotations.NullMarked;
