using Bastion.Domain;
using Bastion.Features.Members;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Transfers;

/// <summary>登记转入党员: a member arriving from outside the platform with a 介绍信 is created in the current branch.</summary>
[Require(Permission.MemberManage)]
public sealed class InwardModel(UserContext user, ReceiveInwardTransfer receive) : PageModel
{
    public sealed class InwardInput
    {
        public string? FromOrgName { get; set; }
        public string? LetterNo { get; set; }
        public DateOnly? LetterDate { get; set; }
        public string? DuesPaidTo { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty] public MemberForm Form { get; set; } = new();
    [BindProperty] public InwardInput Inward { get; set; } = new();
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public Organization Branch => user.CurrentOrg!;
    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var req = new ReceiveInwardTransfer.Request(Form.ToInput(), Inward.FromOrgName, Inward.LetterNo, Inward.LetterDate, Inward.DuesPaidTo, Inward.Reason);
        var r = await receive.Handle(Branch, req, HttpContext.RequestAborted);
        if (!r.IsOk) { Errors = r.Status.Errors!.ToDictionary(); return Page(); }
        return Redirect($"/Members/Details/{r.Value.Id}?saved=1");
    }
}
