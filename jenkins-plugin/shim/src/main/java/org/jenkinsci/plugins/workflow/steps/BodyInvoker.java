package org.jenkinsci.plugins.workflow.steps;

/**
 * Shim of workflow-step-api's {@code BodyInvoker}, present only so {@link StepContext#newBodyInvoker()} compiles.
 * Rollgate's steps take no block; the real class schedules a block step's body.
 */
public abstract class BodyInvoker {}
