using Microsoft.AspNetCore.Mvc;

namespace Bastion.Web;

/// <summary>Runs a minimal-API result (e.g. a file download shared with the API) from a page handler.</summary>
public sealed class ResultAdapter(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
