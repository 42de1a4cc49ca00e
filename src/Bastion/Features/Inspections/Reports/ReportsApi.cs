using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Inspections.Reports;

/// <summary>GET /api/v1/inspections/targets/{id}/documents/{kind}: a Word document of one inspected organization.</summary>
public static class ReportsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/inspections/targets/{id:long}/documents/{kind}", Download).RequireRecord(Permission.InspectionRead, typeof(InspectionTarget))
           .WithSummary("下载被巡察党组织的文书（kind：report 完整版巡察报告，仅巡察和纪检监察；report-general 通用版巡察报告；feedback 反馈意见；rectification 整改情况报告）")
           .Produces(200, contentType: OfficialDocument.ContentType).Produces(403).Produces(404);
    }

    private static async Task<IResult> Download(long id, string kind, GetInspectionDocument get, CancellationToken ct)
    {
        var r = await get.HandleAsync(id, kind, ct);
        return r.File is { } f ? Results.File(f.Content, OfficialDocument.ContentType, f.FileName) : ErrorResponses.Problem(r.Status, r.Error);
    }
}
