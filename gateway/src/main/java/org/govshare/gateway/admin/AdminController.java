package org.govshare.gateway.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring for GraphQL annotated controller of the admin API's schema. It is deliberately not a
 * {@code @Controller}: the data API's schema must not pick up its mappings (both schemas have a {@code Query.catalog}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface AdminController {}
