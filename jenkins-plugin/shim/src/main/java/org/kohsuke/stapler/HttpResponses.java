package org.kohsuke.stapler;

/** Shim of Stapler's {@code HttpResponses}: the few ready-made responses the plugin's web methods return. */
public class HttpResponses {

    /** Shim of the nested {@code HttpResponseException}: an error page, thrown or returned. */
    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {

        public HttpResponseException(String message) {
            super(message);
        }
    }

    /** A redirect to the object's own page ({@code .}). */
    public static HttpResponse redirectToDot() {
        return new HttpResponse() {};
    }

    /** A redirect to {@code url}, relative to the object's page. */
    public static HttpResponse redirectTo(String url) {
        return new HttpResponse() {};
    }

    /** An error page with the status code and the message, without a stack trace. */
    public static HttpResponseException errorWithoutStack(int code, String message) {
        return new HttpResponseException(message) {};
    }
}
