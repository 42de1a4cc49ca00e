using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Inspections/NewRound: a new 巡察轮次 with its 一次一授权 and the inspected organizations.</summary>
public sealed class NewRoundPage(IPage page)
{
    public const string Path = "/Inspections/NewRound";
    public ILocator Name => page.Locator("#Name");
    public ILocator StartsOn => page.Locator("#StartsOn");
    public ILocator EndsOn => page.Locator("#EndsOn");
    public ILocator Plan => page.Locator("#Plan");
    public ILocator AuthorizedBy => page.Locator("#AuthorizedBy");
    public ILocator AuthorizationNo => page.Locator("#AuthorizationNo");
    public ILocator AuthorizedOn => page.Locator("#AuthorizedOn");
    public ILocator AuthorizationScope => page.Locator("#AuthorizationScope");
    public ILocator Targets => page.Locator("#TargetOrgIds");
    public Task SaveAsync() => page.NavigatesByAsync(() => page.Locator("#save-round").ClickAsync());
}

/// <summary>/Inspections/Round/{id}: authorization, inspected organizations with their phases, the team and its 回避 check.</summary>
public sealed class RoundPage(IPage page)
{
    public ILocator Name => page.Locator("#round-name");
    public ILocator Authorization => page.Locator("#authorization");
    public ILocator Done => page.Locator("#done-notice");
    public ILocator Team => page.Locator("#team-table");
    public ILocator ConflictError => page.Locator("#conflict-error");
    public ILocator Acknowledge => page.Locator("#Acknowledge");
    public ILocator AcknowledgementReason => page.Locator("#AcknowledgementReason");
    public ILocator TargetLink(string org) => page.Locator("a.target-link", new() { HasText = org });

    /// <summary>Picks the account by its user name (the options read "姓名（username）") and the 组内职务, then posts the form.</summary>
    public async Task AddMemberAsync(string userName, string role, string? acknowledgement = null)
    {
        var option = page.Locator("#UserId option", new() { HasText = $"（{userName}）" });
        var value = await option.GetAttributeAsync("value") ?? throw new InvalidOperationException($"{userName} is not offered as a team member");
        await page.Locator("#UserId").SelectOptionAsync(value);
        await page.Locator("#Role").SelectOptionAsync(role);
        if (acknowledgement is not null)
        {
            await Acknowledge.CheckAsync();
            await AcknowledgementReason.FillAsync(acknowledgement);
        }
        await page.NavigatesByAsync(() => page.Locator("#add-member-button").ClickAsync());
    }
}

/// <summary>/Inspections/Target/{id}: one inspected organization — phase stepper, advancing, the findings the viewer may read.</summary>
public sealed class InspectionTargetPage(IPage page)
{
    public ILocator Name => page.Locator("#target-name");
    public ILocator Phase => page.Locator("#current-phase");
    public ILocator Done => page.Locator("#done-notice");
    public ILocator Advance => page.Locator("#advance-phase");
    public ILocator Findings => page.Locator("#findings");
    public ILocator Finding(string title) => Findings.Locator("a.finding-link", new() { HasText = title });
    public ILocator NewFinding => page.Locator("#new-finding");
    public ILocator Reports => page.Locator("#reports-link");
    public ILocator Rectification => page.Locator("#rectification-link");

    /// <summary>Enters the next phase (dated today) and waits for the page to come back.</summary>
    public Task AdvanceAsync() => page.NavigatesByAsync(() => Advance.ClickAsync());
}

/// <summary>/Inspections/NewFinding/{targetId}: the finding form with the 巡言巡语 suggestions.</summary>
public sealed class FindingFormPage(IPage page)
{
    public ILocator Title => page.Locator("#Title");
    public ILocator Facts => page.Locator("#Facts");
    public ILocator Suggestions => page.Locator("#expression-suggestions");
    public ILocator Adopt => Suggestions.Locator(".adopt-expression");
    public ILocator Expression => page.Locator("#finding-expression");
    public ILocator ExpressionId => page.Locator("#finding-expression-id");
    public ILocator Category => page.Locator("#finding-category");
    public ILocator ClueGrade => page.Locator("#ClueGrade");
    public ILocator SuggestedForm => page.Locator("#SuggestedForm");
    public ILocator ResponsiblePersons => page.Locator("#ResponsiblePersons");
    public ILocator Basis => page.Locator("#Basis");
    public ILocator Recommendation => page.Locator("#Recommendation");
    public Task SaveAsync() => page.NavigatesByAsync(() => page.Locator("#save-finding").ClickAsync());
}

/// <summary>/Inspections/Finding/{id}: one finding, its 同题共答 exchange (or, for a clue, its 移交).</summary>
public sealed class FindingPage(IPage page)
{
    public ILocator Title => page.Locator("#finding-title");
    public ILocator State => page.Locator("#finding-state");
    public ILocator Details => page.Locator("#finding-details");
    public ILocator Done => page.Locator("#done-notice");
    public ILocator Messages => page.Locator("#messages .message");
    public ILocator Body => page.Locator("#Body");
    public ILocator ProposedWording => page.Locator("#ProposedWording");
    public ILocator AgreedWordingInput => page.Locator("#AgreedWording");
    public ILocator AgreedWording => page.Locator("#agreed-wording");
    public ILocator Share => page.Locator("#share-finding");
    public ILocator Agree => page.Locator("#agree-finding");
    public ILocator MessageForm => page.Locator("#message-form");

    public Task ShareAsync() => page.NavigatesByAsync(() => Share.ClickAsync());

    public async Task SendAsync(string body, string? proposedWording)
    {
        await Body.FillAsync(body);
        if (proposedWording is not null) await ProposedWording.FillAsync(proposedWording);
        await page.NavigatesByAsync(() => page.Locator("#send-message").ClickAsync());
    }

    public Task AgreeAsync() => page.NavigatesByAsync(() => Agree.ClickAsync());
}
