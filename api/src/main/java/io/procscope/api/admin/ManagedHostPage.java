package io.procscope.api.admin;

import java.util.List;

/**
 * One page of the hosts operators manage, by name.
 *
 * @param total how many there are: hosts that have reported and credentials without a host yet
 * @param offset how many were skipped
 * @param limit most hosts on this page
 * @param hosts this page of them, by name
 */
public record ManagedHostPage(int total, int offset, int limit, List<ManagedHost> hosts) {}
