/** The catalog (政务数据目录) model: keyed types bound to source tables, fields bound to columns, and the SDL parser. */
@NullMarked
package org.govshare.schema.catalog;

import org.jspecify.annotations.NullMarked;
