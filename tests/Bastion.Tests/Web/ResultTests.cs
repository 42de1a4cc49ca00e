using System.Text.Json;
using Bastion.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.Tests.Web;

/// <summary>The one result shape of a use case and its two mappings (API ProblemDetails, page ModelState).</summary>
public class ResultTests
{
    private static Result<int> Parse(string s) => int.TryParse(s, out var n) ? n : Result.Invalid("value", "请输入整数");

    [Fact]
    public void A_value_and_a_failure_both_convert_to_a_valued_result()
    {
        Parse("7").IsOk.ShouldBeTrue();
        Parse("7").Value.ShouldBe(7);
        var bad = Parse("x");
        bad.Kind.ShouldBe(ResultKind.Invalid);
        bad.Status.Errors!["value"].ShouldBe(["请输入整数"]);
        Should.Throw<InvalidOperationException>(() => bad.Value);
    }

    [Fact]
    public void Ok_without_a_value_cannot_stand_for_a_valued_result() =>
        Should.Throw<InvalidOperationException>(() => { Result<int> r = Result.Ok; });

    [Fact]
    public void An_invalid_result_needs_a_field_error()
    {
        Should.Throw<ArgumentException>(() => Result.Invalid(new Dictionary<string, string[]>()));
        Result.FromErrors(new Dictionary<string, string[]>()).ShouldBeSameAs(Result.Ok);
        Result.FromErrors(new Dictionary<string, string[]> { ["a"] = ["甲"] }).FirstMessage.ShouldBe("甲");
    }

    [Theory]
    [InlineData(ResultKind.NotFound, 404)]
    [InlineData(ResultKind.Forbidden, 403)]
    [InlineData(ResultKind.Conflict, 409)]
    [InlineData(ResultKind.Invalid, 400)]
    [InlineData(ResultKind.Ok, 204)]
    public async Task Each_kind_answers_its_status_with_a_Chinese_problem(ResultKind kind, int status)
    {
        var result = kind switch
        {
            ResultKind.NotFound => Result.NotFound("该记录不存在"),
            ResultKind.Forbidden => Result.Forbidden("不在管理范围内"),
            ResultKind.Conflict => Result.Conflict("已办结，不能修改"),
            ResultKind.Invalid => Result.Invalid("name", "名称不能为空"),
            _ => Result.Ok,
        };
        var (code, body) = await RunAsync(result.ToHttp());
        code.ShouldBe(status);
        if (status == 204) return;
        using var doc = JsonDocument.Parse(body);
        if (kind == ResultKind.Invalid)
            doc.RootElement.GetProperty("errors").GetProperty("name")[0].GetString().ShouldBe("名称不能为空");
        else
            doc.RootElement.GetProperty("detail").GetString().ShouldBe(result.Message);
    }

    [Fact]
    public async Task A_refusal_answers_422_naming_the_rule_and_the_earliest_date()
    {
        var refused = Result.Refused("培养考察期", "培养考察未满一年，最早可于2027-01-10确定", new DateOnly(2027, 1, 10), "on");
        var (code, body) = await RunAsync(refused.ToHttp());
        code.ShouldBe(422);
        using var doc = JsonDocument.Parse(body);
        doc.RootElement.GetProperty("title").GetString().ShouldBe("不符合规定");
        doc.RootElement.GetProperty("detail").GetString().ShouldBe("培养考察未满一年，最早可于2027-01-10确定");
        doc.RootElement.GetProperty("rule").GetString().ShouldBe("培养考察期");
        doc.RootElement.GetProperty("earliestOn").GetString().ShouldBe("2027-01-10");

        var (_, undated) = await RunAsync(Result.Refused("介绍人", "介绍人须为正式党员").ToHttp());
        JsonDocument.Parse(undated).RootElement.GetProperty("earliestOn").ValueKind.ShouldBe(JsonValueKind.Null);

        Result<int> valued = refused;
        valued.Kind.ShouldBe(ResultKind.Refused);
        valued.Status.EarliestOn.ShouldBe(new DateOnly(2027, 1, 10));
        var ms = new ModelStateDictionary();
        refused.AddTo(ms, "Input").ShouldBeFalse();
        ms["Input.On"]!.Errors[0].ErrorMessage.ShouldBe("培养考察未满一年，最早可于2027-01-10确定");
    }

    [Fact]
    public async Task A_valued_success_answers_its_value()
    {
        var (code, body) = await RunAsync(Result.Success(new { id = 5 }).ToHttp(v => Results.Created("/x/5", v)));
        code.ShouldBe(201);
        body.ShouldContain("\"id\":5");
    }

    [Fact]
    public void Field_errors_go_under_the_page_model_and_a_conflict_to_the_whole_form()
    {
        var ms = new ModelStateDictionary();
        Result.Invalid("name", "名称不能为空").AddTo(ms, "Input").ShouldBeFalse();
        ms["Input.Name"]!.Errors[0].ErrorMessage.ShouldBe("名称不能为空");
        Result.Conflict("已办结").AddTo(ms).ShouldBeFalse();
        ms[string.Empty]!.Errors[0].ErrorMessage.ShouldBe("已办结");
        Result.Ok.AddTo(ms).ShouldBeTrue();
        ResultPages.Key(null, "plan.startOn").ShouldBe("Plan.StartOn");
    }

    [Fact]
    public void Not_found_and_forbidden_are_status_pages_not_form_errors()
    {
        (Result.NotFound().ToStatusPage() as StatusCodeResult)!.StatusCode.ShouldBe(404);
        (Result.Forbidden("否").ToStatusPage() as StatusCodeResult)!.StatusCode.ShouldBe(403);
        Result.Conflict("否").ToStatusPage().ShouldBeNull();
        Result.Ok.ToStatusPage().ShouldBeNull();
    }

    private static async Task<(int Status, string Body)> RunAsync(IResult result)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var ctx = new DefaultHttpContext { RequestServices = services };
        ctx.Request.Path = "/api/v1/x";
        var body = new MemoryStream();
        ctx.Response.Body = body;
        await result.ExecuteAsync(ctx);
        return (ctx.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
