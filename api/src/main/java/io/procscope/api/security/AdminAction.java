package io.procscope.api.security;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that changes what the fleet is (revoke, reset, rename or delete a host). It
 * needs an admin key ({@code procscope.admin.keys}) when one is configured, a read key when only
 * those are, and it is off on an open API. Every call is written to the audit log with who made it.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminAction {}
