package dev.rollgate.strategy;

/**
 * What a multi-region rollout does when one region fails.
 *
 * @param stopOnRegionFailure   stop there (true), or go on with the next region (false)
 * @param rollbackFailedRegion  put the failed region back on its stable version (true), or leave it as it is for
 *                              a person to look at (false)
 */
public record RegionPolicy(boolean stopOnRegionFailure, boolean rollbackFailedRegion) {

    public static final RegionPolicy DEFAULT = new RegionPolicy(true, true);
}
