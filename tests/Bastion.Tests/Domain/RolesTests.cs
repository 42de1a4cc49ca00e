using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class RolesTests
{
    private static readonly Role[] Administrators = [Role.SystemAdmin, Role.SecurityAdmin, Role.AuditAdmin];
    private static readonly Role[] ScopedRoles = [Role.OrgAdmin, Role.Inspector, Role.BranchSecretary, Role.Member, Role.Discipline];

    public static TheoryData<Role> AdministratorData => new(Administrators);
    public static TheoryData<Role> ScopedData => new(ScopedRoles);

    public static TheoryData<Role, Role> AdministratorPairs
    {
        get
        {
            var data = new TheoryData<Role, Role>();
            foreach (var a in Administrators)
                foreach (var b in Administrators)
                    if (a != b) data.Add(a, b);
            return data;
        }
    }

    public static TheoryData<Role, Role> AdministratorAndScopedPairs
    {
        get
        {
            var data = new TheoryData<Role, Role>();
            foreach (var a in Administrators)
                foreach (var s in ScopedRoles)
                    data.Add(a, s);
            return data;
        }
    }

    [Fact]
    public void Exactly_the_three_separated_duties_are_administrators()
    {
        Roles.All.Where(Roles.IsAdministrator).ShouldBe(Administrators, ignoreOrder: true);
        Roles.All.Where(Roles.IsScoped).ShouldBe(ScopedRoles, ignoreOrder: true);
    }

    [Fact]
    public void Every_role_has_a_chinese_display_name()
    {
        foreach (var r in Roles.All)
        {
            var name = Roles.Display(r);
            name.ShouldNotBe(r.ToString());
            name.ShouldNotBeNullOrWhiteSpace();
        }
        Roles.All.Select(Roles.Display).Distinct().Count().ShouldBe(Roles.All.Count);
    }

    [Fact]
    public void Every_role_has_an_entry_in_the_permission_matrix()
    {
        foreach (var r in Roles.All)
            Roles.PermissionsOf(r).ShouldNotBeEmpty(r.ToString());
    }

    // ---- 三员分立 -------------------------------------------------------------

    [Theory]
    [MemberData(nameof(AdministratorPairs))]
    public void No_account_may_hold_two_administrator_duties(Role first, Role second)
    {
        var reason = Roles.CheckCombination([first, second]);

        reason.ShouldNotBeNull();
        reason.ShouldStartWith("三员分立");
        reason.ShouldContain(Roles.Display(first));
        reason.ShouldContain(Roles.Display(second));
    }

    [Fact]
    public void No_account_may_hold_all_three_administrator_duties()
    {
        Roles.CheckCombination(Administrators).ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(AdministratorAndScopedPairs))]
    public void No_account_may_hold_an_administrator_duty_and_a_scoped_role(Role admin, Role scoped)
    {
        var reason = Roles.CheckCombination([admin, scoped]);

        reason.ShouldNotBeNull();
        reason.ShouldStartWith("三员分立");
        reason.ShouldContain(Roles.Display(admin));
        Roles.CheckCombination([scoped, admin]).ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(AdministratorData))]
    public void A_single_administrator_duty_is_allowed(Role admin)
    {
        Roles.CheckCombination([admin]).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(AdministratorData))]
    public void The_same_administrator_duty_listed_twice_is_still_one_duty(Role admin)
    {
        Roles.CheckCombination([admin, admin]).ShouldBeNull();
    }

    [Fact]
    public void Scoped_roles_combine_freely()
    {
        foreach (var a in ScopedRoles)
            foreach (var b in ScopedRoles)
                Roles.CheckCombination([a, b]).ShouldBeNull($"{a} + {b}");
        Roles.CheckCombination(ScopedRoles).ShouldBeNull();
    }

    [Fact]
    public void No_roles_at_all_is_an_allowed_combination()
    {
        Roles.CheckCombination([]).ShouldBeNull();
    }

    [Fact]
    public void A_lazily_enumerated_role_list_is_checked_correctly()
    {
        IEnumerable<Role> Lazy() { yield return Role.SystemAdmin; yield return Role.Member; }

        Roles.CheckCombination(Lazy()).ShouldNotBeNull();
    }

    // ---- permission matrix ----------------------------------------------------

    [Fact]
    public void The_system_administrator_sees_no_personal_data_and_no_audit_trail()
    {
        var p = Roles.PermissionsOf(Role.SystemAdmin);

        p.ShouldNotContain(Permission.PersonalDataFull);
        p.ShouldNotContain(Permission.AuditRead);
        p.ShouldNotContain(Permission.MemberRead);
        p.ShouldContain(Permission.AccountManage);
    }

    [Fact]
    public void The_holiday_calendar_has_its_own_permission_held_by_the_system_administrator_only()
    {
        // every module's working days come from the one platform calendar: no scoped role may change it for everyone
        Roles.All.Where(r => Roles.PermissionsOf(r).Contains(Permission.CalendarManage)).ShouldBe([Role.SystemAdmin]);
        Permission.CalendarManage.ShouldNotBe(Permission.AccountManage);
    }

    [Fact]
    public void The_security_administrator_grants_roles_but_sees_no_personal_data_and_no_audit_trail()
    {
        var p = Roles.PermissionsOf(Role.SecurityAdmin);

        p.ShouldContain(Permission.RoleGrant);
        p.ShouldContain(Permission.SecurityPolicy);
        p.ShouldNotContain(Permission.PersonalDataFull);
        p.ShouldNotContain(Permission.AuditRead);
        p.ShouldNotContain(Permission.AccountManage);
    }

    [Fact]
    public void The_audit_administrator_only_reads_the_audit_trail()
    {
        Roles.PermissionsOf(Role.AuditAdmin).ShouldBe([Permission.AuditRead], ignoreOrder: true);
    }

    [Fact]
    public void Only_the_audit_administrator_reads_the_audit_trail()
    {
        foreach (var r in Roles.All)
            Roles.PermissionsOf(r).Contains(Permission.AuditRead).ShouldBe(r == Role.AuditAdmin, r.ToString());
    }

    [Fact]
    public void No_administrator_duty_sees_unmasked_personal_data()
    {
        foreach (var r in Administrators)
            Roles.PermissionsOf(r).ShouldNotContain(Permission.PersonalDataFull, r.ToString());
    }

    [Fact]
    public void A_member_cannot_read_other_members()
    {
        var p = Roles.PermissionsOf(Role.Member);

        p.ShouldNotContain(Permission.MemberRead);
        p.ShouldNotContain(Permission.PersonalDataFull);
        p.ShouldContain(Permission.DashboardView);
    }

    [Fact]
    public void A_branch_secretary_reads_members_but_only_masked()
    {
        var p = Roles.PermissionsOf(Role.BranchSecretary);

        p.ShouldContain(Permission.MemberRead);
        p.ShouldNotContain(Permission.PersonalDataFull);
    }

    [Fact]
    public void Only_the_organization_administrator_manages_organizations()
    {
        foreach (var r in Roles.All)
            Roles.PermissionsOf(r).Contains(Permission.OrgManage).ShouldBe(r == Role.OrgAdmin, r.ToString());
    }

    [Fact]
    public void Account_role_and_security_management_belong_to_administrator_duties_only()
    {
        foreach (var r in ScopedRoles)
        {
            var p = Roles.PermissionsOf(r);
            p.ShouldNotContain(Permission.AccountManage, r.ToString());
            p.ShouldNotContain(Permission.RoleGrant, r.ToString());
            p.ShouldNotContain(Permission.SecurityPolicy, r.ToString());
        }
    }
}

public class AccessTests
{
    private static Grant Scoped(Role role, string path) =>
        new(role, long.Parse(path.Split('.')[^1], System.Globalization.CultureInfo.InvariantCulture), path);

    private static Grant Global(Role role) => new(role, null, null);

    [Theory]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("99")]
    [InlineData(null)]
    public void A_global_administrator_grant_ignores_the_target(string? target)
    {
        Access.Allows([Global(Role.SystemAdmin)], Permission.AccountManage, target).ShouldBeTrue();
        Access.Allows([Global(Role.SecurityAdmin)], Permission.RoleGrant, target).ShouldBeTrue();
        Access.Allows([Global(Role.AuditAdmin)], Permission.AuditRead, target).ShouldBeTrue();
    }

    [Fact]
    public void An_administrator_duty_grants_only_its_own_permissions()
    {
        Access.Allows([Global(Role.SystemAdmin)], Permission.PersonalDataFull, "1").ShouldBeFalse();
        Access.Allows([Global(Role.SystemAdmin)], Permission.AuditRead, null).ShouldBeFalse();
        Access.Allows([Global(Role.AuditAdmin)], Permission.DashboardView, null).ShouldBeFalse();
        Access.Allows([Global(Role.SecurityAdmin)], Permission.MemberRead, "1").ShouldBeFalse();
    }

    [Fact]
    public void A_scoped_grant_allows_its_own_organization()
    {
        Access.Allows([Scoped(Role.OrgAdmin, "1.2")], Permission.OrgManage, "1.2").ShouldBeTrue();
    }

    [Theory]
    [InlineData("1.2.5")]
    [InlineData("1.2.5.9")]
    [InlineData("1.2.20")]
    public void A_scoped_grant_allows_its_descendants(string target)
    {
        Access.Allows([Scoped(Role.OrgAdmin, "1.2")], Permission.MemberRead, target).ShouldBeTrue();
    }

    [Theory]
    [InlineData("1")]     // parent
    [InlineData("1.3")]   // sibling
    [InlineData("1.3.2")] // sibling's child
    [InlineData("7.8")]   // another tree
    [InlineData("1.23")]  // merely shares the prefix string "1.2"
    [InlineData("1.20.4")]
    [InlineData("11.2")]
    public void A_scoped_grant_denies_organizations_outside_its_subtree(string target)
    {
        Access.Allows([Scoped(Role.OrgAdmin, "1.2")], Permission.MemberRead, target).ShouldBeFalse();
    }

    [Fact]
    public void A_scoped_grant_allows_a_use_case_not_about_one_organization()
    {
        Access.Allows([Scoped(Role.Member, "1.2.3")], Permission.DashboardView, null).ShouldBeTrue();
    }

    [Fact]
    public void A_scoped_grant_without_a_path_allows_nothing()
    {
        var broken = new Grant(Role.OrgAdmin, 2, null);

        Access.Allows([broken], Permission.OrgRead, "1.2").ShouldBeFalse();
        Access.Allows([broken], Permission.OrgRead, null).ShouldBeFalse();
    }

    [Fact]
    public void A_scoped_grant_does_not_confer_permissions_its_role_lacks()
    {
        Access.Allows([Scoped(Role.Member, "1")], Permission.MemberRead, "1.2").ShouldBeFalse();
        Access.Allows([Scoped(Role.BranchSecretary, "1.2")], Permission.PersonalDataFull, "1.2").ShouldBeFalse();
        Access.Allows([Scoped(Role.OrgAdmin, "1")], Permission.AuditRead, null).ShouldBeFalse();
    }

    [Fact]
    public void Any_one_matching_grant_is_enough()
    {
        Grant[] grants = [Scoped(Role.Member, "1"), Scoped(Role.BranchSecretary, "1.4"), Scoped(Role.OrgAdmin, "3")];

        Access.Allows(grants, Permission.MemberRead, "1.4.9").ShouldBeTrue();  // via the secretary grant
        Access.Allows(grants, Permission.MemberRead, "3.1").ShouldBeTrue();    // via the org-admin grant
        Access.Allows(grants, Permission.MemberRead, "1.5").ShouldBeFalse();   // member grant lacks MemberRead
        Access.Allows(grants, Permission.OrgRead, "1.5").ShouldBeTrue();       // member grant has OrgRead
        Access.Allows(grants, Permission.OrgManage, "1.4").ShouldBeFalse();
    }

    [Fact]
    public void No_grants_allow_nothing()
    {
        foreach (var p in Enum.GetValues<Permission>())
        {
            Access.Allows([], p, null).ShouldBeFalse();
            Access.Allows([], p, "1").ShouldBeFalse();
        }
    }

    [Fact]
    public void Scope_roots_are_null_for_a_global_administrator_grant()
    {
        Access.ScopeRoots([Global(Role.SystemAdmin)], Permission.OrgRead).ShouldBeNull();
        Access.ScopeRoots([Global(Role.AuditAdmin)], Permission.AuditRead).ShouldBeNull();
    }

    [Fact]
    public void Scope_roots_are_empty_when_no_grant_holds_the_permission()
    {
        var roots = Access.ScopeRoots([Scoped(Role.Member, "1"), Global(Role.SystemAdmin)], Permission.MemberRead);

        roots.ShouldNotBeNull();
        roots.ShouldBeEmpty();
    }

    [Fact]
    public void An_administrator_grant_without_the_permission_does_not_widen_the_scope()
    {
        // 审计管理员 lacks OrgRead, so only the scoped grant counts
        var roots = Access.ScopeRoots([Global(Role.AuditAdmin), Scoped(Role.Member, "1.2")], Permission.OrgRead);

        roots.ShouldBe(["1.2"]);
    }

    [Fact]
    public void Scope_roots_drop_roots_nested_inside_other_roots()
    {
        Grant[] grants = [Scoped(Role.BranchSecretary, "1.2.5"), Scoped(Role.OrgAdmin, "1.2"), Scoped(Role.Inspector, "1.2.5.8")];

        Access.ScopeRoots(grants, Permission.MemberRead).ShouldBe(["1.2"]);
    }

    [Fact]
    public void Scope_roots_remove_duplicates()
    {
        Grant[] grants = [Scoped(Role.OrgAdmin, "1.2"), Scoped(Role.Inspector, "1.2"), Scoped(Role.BranchSecretary, "1.2")];

        Access.ScopeRoots(grants, Permission.MemberRead).ShouldBe(["1.2"]);
    }

    [Fact]
    public void Scope_roots_keep_separate_subtrees_including_prefix_sharing_ones()
    {
        Grant[] grants = [Scoped(Role.OrgAdmin, "1.2"), Scoped(Role.OrgAdmin, "1.23"), Scoped(Role.OrgAdmin, "4"), Scoped(Role.OrgAdmin, "1.23.7")];

        Access.ScopeRoots(grants, Permission.OrgManage).ShouldBe(["1.2", "1.23", "4"], ignoreOrder: true);
    }

    [Fact]
    public void Scope_roots_only_count_grants_whose_role_holds_the_permission()
    {
        Grant[] grants = [Scoped(Role.Member, "1"), Scoped(Role.BranchSecretary, "1.2"), Scoped(Role.BranchSecretary, "3.4")];

        Access.ScopeRoots(grants, Permission.MemberRead).ShouldBe(["1.2", "3.4"], ignoreOrder: true);
        Access.ScopeRoots(grants, Permission.OrgRead).ShouldBe(["1", "3.4"], ignoreOrder: true);
    }

    [Theory]
    [InlineData(Role.BranchSecretary, OrgType.党支部, true)]
    [InlineData(Role.BranchSecretary, OrgType.联合党支部, true)]
    [InlineData(Role.BranchSecretary, OrgType.临时党支部, true)]
    [InlineData(Role.BranchSecretary, OrgType.党委, false)]
    [InlineData(Role.BranchSecretary, OrgType.党总支, false)]
    [InlineData(Role.BranchSecretary, OrgType.党小组, false)]
    [InlineData(Role.Member, OrgType.党支部, true)]
    [InlineData(Role.Member, OrgType.党委, false)]
    [InlineData(Role.OrgAdmin, OrgType.党委, true)]
    [InlineData(Role.OrgAdmin, OrgType.党总支, true)]
    [InlineData(Role.OrgAdmin, OrgType.党支部, false)]
    [InlineData(Role.Inspector, OrgType.党委, true)]
    [InlineData(Role.Inspector, OrgType.党支部, false)]
    [InlineData(Role.Discipline, OrgType.党总支, true)]
    [InlineData(Role.Discipline, OrgType.党小组, false)]
    public void A_business_role_fits_only_the_organization_types_it_is_made_for(Role role, OrgType type, bool fits)
    {
        var why = Roles.CheckScope(role, type);
        if (fits) why.ShouldBeNull();
        else why.ShouldBe($"“{Roles.Display(role)}”角色只能授予{string.Join("、", Roles.FitsOn(role))}，不能授予{type}");
    }

    [Fact]
    public void A_branch_secretary_on_a_committee_is_refused_in_chinese()
    {
        Roles.CheckScope(Role.BranchSecretary, OrgType.党委).ShouldBe("“支部书记/支委”角色只能授予党支部、联合党支部、临时党支部，不能授予党委");
    }

    [Fact]
    public void Every_business_role_fits_some_organization_type_and_an_administrator_duty_none()
    {
        foreach (var role in Roles.All)
        {
            if (Roles.IsScoped(role)) Roles.FitsOn(role).ShouldNotBeEmpty(role.ToString());
            else
            {
                Roles.FitsOn(role).ShouldBeEmpty(role.ToString());
                Roles.CheckScope(role, OrgType.党委).ShouldNotBeNull();
            }
        }
    }

    [Fact]
    public void Two_factor_sign_in_is_required_when_any_held_role_is_one_the_policy_marks()
    {
        Roles.RequiresTwoFactor([Role.OrgAdmin, Role.Member], [Role.Member]).ShouldBeTrue();
        Roles.RequiresTwoFactor([Role.SecurityAdmin], [Role.SecurityAdmin, Role.AuditAdmin]).ShouldBeTrue();
    }

    [Fact]
    public void Two_factor_sign_in_is_not_required_without_a_marked_role_or_without_any_role()
    {
        Roles.RequiresTwoFactor([Role.OrgAdmin, Role.BranchSecretary], [Role.Inspector, Role.Discipline]).ShouldBeFalse();
        Roles.RequiresTwoFactor([], Roles.All).ShouldBeFalse();
        Roles.RequiresTwoFactor(Roles.All, []).ShouldBeFalse();
    }
}
