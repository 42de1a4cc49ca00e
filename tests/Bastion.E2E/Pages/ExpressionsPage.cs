using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>巡言巡语 (/Inspections/Expressions): the library list, its filter, and the create/edit form.</summary>
public sealed class ExpressionsPage(IPage page)
{
    public const string Path = "/Inspections/Expressions";
    public IPage Page { get; } = page;
    public ILocator Rows => Page.Locator("#expressions tbody tr[data-id]");
    public ILocator Category => Page.Locator("#category");
    public ILocator Search => Page.Locator("#q");
    public ILocator Filter => Page.Locator("#expression-filter button[type=submit]");
    public ILocator Create => Page.Locator("#create-expression");
    public ILocator Message => Page.Locator("#expressions-message");
    public ILocator Export => Page.Locator("#export-xlsx");
    public ILocator Row(string expression) => Rows.Filter(new() { HasText = expression });
    public ILocator FormCategory => Page.Locator("#Input_Category");
    public ILocator FormExpression => Page.Locator("#Input_Expression");
    public ILocator FormSymptoms => Page.Locator("#Input_Symptoms");
    public ILocator FormExample => Page.Locator("#Input_Example");
    public ILocator Save => Page.Locator("#save-expression");
}
