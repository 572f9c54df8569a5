package org.kohsuke.stapler;

/**
 * Shim of Stapler's {@code HttpResponse}: what a {@code doXyz} web method returns to produce the response. The real
 * interface's {@code generateResponse(StaplerRequest2, StaplerResponse2, Object)} needs the servlet API, which the
 * shim does not mirror; the plugin only returns the instances {@link HttpResponses} makes.
 */
public interface HttpResponse {}
