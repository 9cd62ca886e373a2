package io.procscope.api.dashboard;

import io.procscope.api.admin.HostAdministration;
import io.procscope.api.admin.ManagedHostPage;
import io.procscope.api.security.AdminAccess;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The operators' page: every host with its credential's age, last use and state, and the buttons
 * that revoke, reset, rename and delete it ({@code app/admin-hosts.js} calls the admin API). It
 * lists what {@code GET /api/v1/admin/hosts} lists, so it asks for the same key: a browser prompts
 * for it (HTTP Basic, the key as password) and then sends it with the page's calls too. While admin
 * actions are off it says so instead.
 */
@Path("/admin/hosts")
@Produces(MediaType.TEXT_HTML)
public class AdminHostsPage {

    /** Hosts per page. */
    static final int PAGE_SIZE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance hosts(ManagedHostPage page, Pager pager, AdminAccess.Mode mode);
    }

    /**
     * Links to the page before and after this one.
     *
     * @param previous the page before, null on the first
     * @param next the page after, null on the last
     * @param first the position of the first host shown, from 1; 0 for none
     * @param last the position of the last host shown
     */
    public record Pager(String previous, String next, int first, int last) {

        static Pager of(ManagedHostPage page) {
            int shown = page.hosts().size();
            return new Pager(
                    page.offset() == 0 ? null : link(Math.max(0, page.offset() - page.limit()), page.limit()),
                    page.offset() + shown >= page.total() ? null : link(page.offset() + shown, page.limit()),
                    shown == 0 ? 0 : page.offset() + 1,
                    page.offset() + shown);
        }

        private static String link(int offset, int limit) {
            return "/admin/hosts?offset=" + offset + (limit == PAGE_SIZE ? "" : "&limit=" + limit);
        }
    }

    private final AdminAccess access;
    private final HostAdministration administration;

    AdminHostsPage(AdminAccess access, HostAdministration administration) {
        this.access = access;
        this.administration = administration;
    }

    @GET
    public Response list(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("" + PAGE_SIZE) int limit) {
        if (access.mode() == AdminAccess.Mode.OFF) {
            return Response.ok(
                            Templates.hosts(new ManagedHostPage(0, 0, limit, java.util.List.of()), null, access.mode()))
                    .build();
        }
        AdminAccess.Decision decision = access.decide(authorization);
        if (!decision.isAllowed()) {
            return AdminAccess.toResponse(decision);
        }
        ManagedHostPage page = administration.list(offset, limit);
        return Response.ok(Templates.hosts(page, Pager.of(page), access.mode())).build();
    }
}
