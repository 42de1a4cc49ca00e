using Bastion.Domain;
using Bastion.Features.CheckIn;
using Bastion.Features.Members.Import;
using Bastion.Features.Organizations;
using Bastion.Features.Plans;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;

namespace Bastion.Data;

/// <summary>How a property's value enters an audit row (the before/after snapshot of <see cref="AppDbContext"/>).</summary>
public enum AuditRecording
{
    /// <summary>The value as it is (free text still has full ID and mobile numbers masked, see <see cref="AuditText.MaskNumbers"/>).</summary>
    AsIs,
    /// <summary>The value masked the way the lists show it (<see cref="AuditMask"/>).</summary>
    Masked,
    /// <summary>Never the value: the row records only that it was set or changed (<see cref="AuditClassification.ChangedMarker"/>).</summary>
    ChangedOnly,
    /// <summary>Not recorded at all (file bytes, secrets, one-time passwords).</summary>
    Never,
}

public enum AuditMask { None, IdNumber, Phone, Email, UserName }

public readonly record struct AuditRule(AuditRecording Recording, AuditMask Mask = AuditMask.None);

/// <summary>
/// THE audit classification of every mapped property: as is / masked (with which masking) / "changed" only / never.
/// One table, keyed by entity type and property name, so a reviewer reads in one place what the append-only log keeps
/// (docs/decisions/0002-audit-data-classification.md). A unit test enumerates the EF model and fails naming every
/// property missing here (or named here but not mapped); at run time an unclassified property is treated as
/// "changed" only, never as is.
/// <para>Rules of thumb: ids, dates, states, counts, organization names → as is. ID numbers, phones, e-mails, user names →
/// masked. Rich text, disciplinary details, clue and finding contents, talks, reasons, notes, conversations, outbox
/// texts and jsonb copies of records → "changed" only. File bytes, password and token secrets → never.</para>
/// </summary>
public static class AuditClassification
{
    /// <summary>What an audit row holds instead of a "changed only" value: neither the value, its length nor its hash.</summary>
    public const string ChangedMarker = "(已更改)";

    /// <summary>The rule of a property, or null when it is not classified (the model test fails on that).</summary>
    public static AuditRule? Find(Type entity, string property) =>
        Table.TryGetValue(entity, out var rules) && rules.TryGetValue(property, out var rule) ? rule : null;

    /// <summary>The table, for the model test.</summary>
    public static IReadOnlyDictionary<Type, IReadOnlyDictionary<string, AuditRule>> All =>
        Table.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, AuditRule>)kv.Value);

    /// <summary>A masked value; null stays null.</summary>
    public static string? Mask(AuditMask mask, string? value) => value is null ? null : mask switch
    {
        AuditMask.IdNumber => Masking.IdNumber(value),
        AuditMask.Phone => Masking.Phone(value),
        AuditMask.Email => Masking.Email(value),
        AuditMask.UserName => AuditText.MaskNumbers(AuditText.StripControls(value)),
        _ => AuditText.MaskNumbers(value),
    };

    private static readonly Dictionary<Type, Dictionary<string, AuditRule>> Table = new Builder()
        // ---- platform, accounts, security ----
        .Add<Organization>(asIs: "Id Name Type Status Path ParentId SortOrder CreatedAt DissolvedAt MergedIntoId")
        .Add<AppUser>(
            asIs: "Id DisplayName CreatedAt IsDisabled LastSignInAt MemberId MustChangePassword AccessFailedCount LockoutEnabled LockoutEnd EmailConfirmed PhoneNumberConfirmed TwoFactorEnabled",
            userName: "UserName NormalizedUserName", email: "Email NormalizedEmail", phone: "PhoneNumber",
            changed: "PasswordHash", never: "SecurityStamp ConcurrencyStamp")
        .Add<IdentityUserClaim<long>>(asIs: "Id UserId ClaimType", changed: "ClaimValue")
        .Add<IdentityUserLogin<long>>(asIs: "LoginProvider ProviderDisplayName UserId", never: "ProviderKey")
        // the authenticator key: a reset is proven by the row, the key never leaves the table
        .Add<IdentityUserToken<long>>(asIs: "UserId LoginProvider Name", changed: "Value")
        .Add<RoleGrant>(asIs: "Id UserId Role OrgId GrantedAt GrantedBy")
        .Add<RolePolicy>(asIs: "Role RequireTwoFactor UpdatedAt")
        .Add<ApiToken>(asIs: "Id UserId ClientIp CreatedAt ExpiresAt RevokedAt", never: "TokenHash")
        // a session row proves when and from where an account was signed in; its key never leaves the table
        .Add<UserSession>(asIs: "Id UserId CreatedAt LastSeenAt EndedAt EndedReason ClientIp UserAgent", never: "KeyHash")
        // a throttling counter's key holds the name as typed (it may be an ID number or a password typed in the wrong box)
        .Add<SignInCounter>(asIs: "WindowStart N", never: "Key")
        .Add<DataProtectionKey>(asIs: "Id CreatedAt FriendlyName", never: "Xml")
        .Add<Notification>(asIs: "Id UserId OrgId Title Url CreatedAt ReadAt", changed: "Body")
        // an SMS may carry a one-time password
        .Add<OutboxMessage>(asIs: "Id UserId Channel CreatedAt SentAt", phone: "Phone", never: "Text")
        // the log itself is never snapshotted (AppDbContext skips it); classified for completeness
        .Add<AuditEntry>(asIs: "Id At ActorId ActorName Action Entity EntityId OrgId Before After ClientIp Result PrevHash Hash")

        // ---- organizations ----
        .Add<OrgHistory>(asIs: "Id OrgId Action ActorId ActorName ApprovalNo At OldValue NewValue RelatedOrgId", changed: "Reason")
        .Add<JointUnit>(asIs: "Id OrgId Name AddedAt RemovedAt")
        .Add<OrgMemberCount>(asIs: "OrgId Direct")
        .Add<OrgTerm>(asIs: "Id OrgId Number StartDate DueDate AdjustedDueDate AdjustmentReason ApprovalDate ApprovalDocNo EndDate CreatedAt")
        .Add<OrgTermMember>(asIs: "Id TermId MemberId Name Post AppointedAt LeftAt")
        .Add<TermReminderSent>(asIs: "Id Key OrgId SentAt Stage TermId")
        .Add<LiaisonLink>(asIs: "Id CommitteeOrgId OrgId MemberId UserId PersonName Post LinkedOn EndedOn EndReason CreatedAt CreatedBy")
        .Add<GuidanceVisit>(asIs: "Id LinkId OrgId VisitDate RecordedAt RecordedBy", changed: "Content Problems")
        .Add<BranchSetting>(asIs: "OrgId ThemeDay ThemePlace ThemeTime UpdatedAt UpdatedBy")

        // ---- members' records ----
        .Add<Member>(
            asIs: "Id OrgId Name Gender BirthDate Ethnicity NativePlace Education Degree Employer Position Category JoinedAt ConfirmedAt "
                + "ProbationExtensionMonths PartyStatus PartyStatusDate IsMobile MobileDestination CreatedAt UpdatedAt",
            idNumber: "IdNumber", phone: "Phone MobileContact",
            // 停止党籍 / 出党 reasons are disciplinary
            changed: "PartyStatusReason")
        // key-field history: the domain already masks ID numbers and phones in Old/NewValue (SaveMember, MemberCorrectionRules)
        .Add<MemberChange>(asIs: "Id MemberId OrgId Field OldValue NewValue ChangedBy ChangedAt", changed: "Reason")
        .Add<MemberCorrection>(
            asIs: "Id MemberId OrgId Field CurrentValue ProposedValue State RequestedBy RequestedByUserId CreatedAt DecidedAt DecidedBy",
            idNumber: "IdNumber", phone: "Phone", changed: "Reason DecisionReason")
        .Add<MemberMembership>(asIs: "Id MemberId OrgId FromDate ToDate")
        .Add<MemberPost>(asIs: "Id MemberId OrgId OrgName Title StartDate EndDate CreatedAt")
        .Add<MemberFamilyMember>(asIs: "Id MemberId OrgId Name Relation Employer Post PoliticalStatus CreatedAt")
        // 奖惩: whether a member was punished, by whom and for what is the disciplinary record itself
        .Add<MemberRewardPenalty>(asIs: "Id MemberId OrgId Date CreatedAt", changed: "Kind Title Issuer DocNo")
        .Add<MemberPhoto>(asIs: "Id MemberId OrgId ContentType UploadedAt UploadedBy", changed: "Content")
        .Add<MemberAppraisal>(asIs: "Id MemberId OrgId RoundId Year Grade RecordedAt")
        .Add<ImportJob>(asIs: "Id OrgId Kind FileName State Done Total CreatedBy CreatedAt FinishedAt StartedAt Failure RequestedById RequestedBy", changed: "Report", never: "Content")
        .Add<MemberTransfer>(
            asIs: "Id MemberId OrgId Kind State FromOrgId FromOrgName ToOrgId ToOrgName IssuingOrgId LetterNo LetterDate ValidDays DuesPaidTo "
                + "ReceiptReturnedOn ReturnedTransferId CreatedAt CreatedBy DecidedAt DecidedBy",
            changed: "Reason DecisionNote")
        .Add<LetterNumberRange>(asIs: "Id OrgId Prefix StartNumber EndNumber NextNumber CreatedAt CreatedBy")
        // 发展党员: the applicant's ID number masked; step fields (notes, votes, names of others) "changed" only; scans never
        .Add<DevelopmentCase>(
            asIs: "Id OrgId Name BirthDate Gender AppliedOn State PackVersion MemberId TransferredFromId VolunteerBookNo ClosedOn CreatedAt CreatedBy UpdatedAt",
            idNumber: "IdNumber", changed: "CloseReason")
        .Add<DevelopmentStep>(asIs: "Id CaseId OrgId Step On Warnings SupersedesId CopiedFromId RecordedBy RecordedAt", changed: "Fields LateReason EditReason")
        .Add<DevelopmentStepMember>(asIs: "StepId MemberId OrgId Role")
        // the stored "due next" of a case (a step code and dates; refreshed without audit rows, 0049)
        .Add<DevelopmentQueueEntry>(asIs: "CaseId NextStep NextDue ProbationEndsOn FreshFrom FreshUntil Stale")
        .Add<DevelopmentSponsorChange>(asIs: "Id CaseId OrgId On ReplacedMemberId MemberId RecordedBy RecordedAt", changed: "Reason")
        .Add<DevelopmentDocument>(asIs: "Id CaseId OrgId Step FileName ContentType Size Sha256 UploadedBy UploadedAt", never: "Data")
        // 转出/转入: no personal data; the reasons are free text
        .Add<DevelopmentTransfer>(asIs: "Id CaseId OrgId FromOrgId State On CreatedAt CreatedBy DecidedAt DecidedBy NewCaseId", changed: "Reason DecisionNote")
        // 入党志愿书 numbers: the applicant's name is another person's name, the spoil reason free text
        .Add<VolunteerBookRange>(asIs: "Id OrgId Prefix StartNumber EndNumber NextNumber IssuedOn IssuedBy DocumentNo CreatedAt CreatedBy")
        .Add<VolunteerBookUse>(asIs: "Id RangeId OrgId Number NumberText DevelopmentCaseId UsedOn SpoiledOn CreatedBy", changed: "PersonName")
        .Add<VolunteerBookSpoil>(asIs: "Id RangeId OrgId Number NumberText Kind SpoiledOn FormReturned ReturnedOn UseId CreatedAt CreatedBy", changed: "Reason")
        .Add<DevelopmentPlan>(asIs: "Id OrgId Year Planned UpdatedAt UpdatedBy")
        .Add<HolidayArrangement>(asIs: "Year DaysOff MakeupWorkdays Source UpdatedAt UpdatedBy")

        // ---- party dues (amounts are not personal data) ----
        .Add<DuesRateTable>(
            asIs: "Id Category Version Kind FixedAmount MinAmount MaxAmount Rounding EffectiveFrom State ReplacedById Basis CreatedAt CreatedBy ActivatedAt ActivatedBy VoidedAt VoidedBy",
            changed: "Note VoidReason")
        .Add<DuesRateBracket>(asIs: "Id TableId UpTo Rate")
        .Add<DuesProfile>(asIs: "MemberId Category UpdatedAt UpdatedBy", changed: "Note")
        .Add<DuesBase>(
            asIs: "Id MemberId Year FromMonth Pay TaxWithheld Insurance HousingFund InsuranceDeducted Base Amount Source ImportJobId CreatedAt CreatedBy UpdatedAt UpdatedBy",
            changed: "Note")
        .Add<DuesUnitSetting>(asIs: "OrgId DeductInsurance FarmerAmount UpdatedAt UpdatedBy")
        .Add<DuesMonth>(asIs: "Id OrgId Month State MemberCount ProblemCount CreatedAt CreatedBy StartedAt StartedBy SettledAt SettledBy")
        .Add<DuesEntry>(
            asIs: "Id MonthId Month MemberId OrgId MemberOrgId Category Base Rate Assessed Due TableId Problem ReductionId Delayed PaidAmount PaidOn PaymentId",
            changed: "DelayRemark")
        .Add<DuesPayment>(
            asIs: "Id OrgId MemberId EntryId ForMonth RecordedInMonth Kind State Amount Method ReceiptNo PaidOn ForwardToCentral RecordedAt RecordedBy ConfirmedAt ConfirmedBy",
            changed: "BackPayReason Note")
        .Add<DuesBranchReport>(asIs: "Id MonthId OrgId MemberCount DueTotal PaidTotal ReportedAt ReportedBy")
        .Add<DuesReportReturn>(asIs: "Id MonthId OrgId ByOrgId ReportedAt ReportedBy ReturnedAt ReturnedBy", changed: "Reason")
        .Add<DuesReduction>(asIs: "Id OrgId MemberId FromMonth ToMonth Amount ApprovalNo BranchDecidedOn State DecidedAt DecidedBy CreatedAt CreatedBy",
            changed: "BranchDecision RefusalReason")
        .Add<DuesRemittance>(asIs: "Id OrgId Month Amount PaidOn ReceiptNo CreatedAt CreatedBy", changed: "Note OverReason")
        .Add<DuesRetention>(asIs: "Id OrgId Allowed Basis SetAt SetBy")
        .Add<DuesSpending>(asIs: "Id OrgId SpentOn Amount Purpose ApprovedBy VoucherNo CreatedAt CreatedBy", changed: "Description")
        .Add<DuesArrearsNotice>(asIs: "Id MemberId OrgId SinceMonth Months SentAt")
        .Add<Features.Dues.Statements.DuesStatementLine>(
            asIs: "Id JobId OrgId RootOrgId MonthId LineNo Reference PaidOn Amount Method State MemberId SuggestedMemberId AssignedBy Months Payments ImportedAt",
            changed: "Payer Memo Reason", never: "LineKey AccountTail")
        .Add<Talk>(asIs: "Id OrgId MemberId TalkerMemberId HeldOn CreatedAt CreatedBy", changed: "Topics FollowUp")

        // ---- united front ----
        .Add<UnitedFrontPerson>(
            asIs: "Id OrgId Name Gender BirthDate Ethnicity Category Party Employer Position Expertise CreatedAt UpdatedAt",
            phone: "Phone", changed: "Notes")
        .Add<UnitedFrontContact>(asIs: "Id OrgId PersonId ContactDate OurPerson RecordedAt RecordedBy", changed: "Topics FollowUp")

        // ---- meetings, attendance, leave ----
        .Add<Meeting>(
            asIs: "Id OrgId Kinds State Source HeldAt EndsAt Place Topic Guests HostMemberId RecorderMemberId LecturerMemberId Expected Present OnLeave Absent "
                + "VotingExpected VotingPresent CommitteeExpected CommitteePresent QuorumMet QuorumNote VotesFor VotesAgainst VotesAbstain YearOf Version "
                + "CreatedAt CreatedBy RecordedAt RecordedBy UpdatedAt",
            changed: "Agenda MinutesHtml Resolutions")
        .Add<MeetingAttendance>(asIs: "Id MeetingId MemberId Status Method CheckedInAt Voting Committee DualLife", changed: "Reason")
        .Add<MeetingLeaveRequest>(asIs: "Id MeetingId MemberId State RequestedAt DecidedAt DecidedBy", changed: "Reason RejectionReason")
        .Add<MeetingVersion>(asIs: "Id MeetingId Version ChangedAt ChangedBy", changed: "Snapshot Reason")
        .Add<MeetingAttachment>(asIs: "Id MeetingId FileName ContentType Size Sha256 UploadedAt UploadedBy", never: "Data")
        .Add<MeetingMonthStat>(asIs: "OrgId Month Appraisals CommitteeMeetings GeneralMeetings GroupMeetings Lessons LifeMeetings SecretaryLessons TalkMeetings ThemeDays ThemeMaxRate ThemeMinRate")

        // ---- compliance, plans, appraisals ----
        .Add<ComplianceRuleOverride>(asIs: "Id OrgType Kind Frequency MinCount MinAttendanceRate EffectiveFrom EffectiveTo CreatedAt CreatedBy")
        .Add<ComplianceExemption>(asIs: "Id OrgId Kind FromDate ToDate CreatedAt CreatedBy", changed: "Reason")
        .Add<ComplianceReminderSent>(asIs: "Id Key OrgId SentAt")
        .Add<AppraisalRound>(asIs: "Id OrgId Year GradeSet State Voters CreatedAt CreatedBy FinishedAt FinishedBy")
        .Add<AppraisalEntry>(
            asIs: "Id RoundId MemberId OrgId Grade VotesExcellent VotesQualified VotesBasic VotesUnqualified DecidedAt DecidedBy",
            changed: "SelfAssessment PeerSummary")
        .Add<AppraisalFollowUp>(asIs: "Id EntryId MemberId OrgId Kind State Deadline CreatedAt CreatedBy ClosedAt ClosedBy", changed: "ResultNote")

        // ---- ledger ----
        .Add<LedgerItem>(
            asIs: "Id OrgId Source SourceRef FindingId RoundId Title Deadline OriginalDeadline RequestedDeadline OwnerUserId OwnerName "
                + "VerifierUserId VerifierName AssessingDepartment Priority Tags State ReopenCount CreatedAt CreatedBy CreatedByUserId "
                + "SubmittedAt ClosedAt UpdatedAt DueSoonNotifiedAt EscalatedAt",
            // a 整改 item carries the inspection finding's facts and recommendation (CreateRectificationPlan), which the
            // finding's own row records only as changed
            changed: "Description WorkStandard ExtensionReason")
        .Add<LedgerTransition>(asIs: "Id ItemId Action FromState ToState ActorUserId ActorName At DeadlineBefore DeadlineAfter", changed: "Reason")
        .Add<LedgerEvidence>(asIs: "Id ItemId TransitionId FileName ContentType Size Sha256 UploadedAt UploadedBy", changed: "Text", never: "Data")

        // ---- inspections: findings and clues are confidential by role; the audit administrator reads none of them ----
        .Add<InspectionRound>(
            asIs: "Id OrgId Name Year Plan StartsOn EndsOn AuthorizedBy AuthorizationNo AuthorizedOn AuthorizationScope Archived CreatedAt CreatedBy")
        .Add<InspectionTarget>(asIs: "Id RoundId OrgId Phase PhaseChangedAt FeedbackAt CreatedAt")
        .Add<InspectionPhaseEntry>(asIs: "Id TargetId Phase EnteredOn Note RecordedAt RecordedBy")
        .Add<InspectionTeamMember>(
            asIs: "Id RoundId UserId Name Role ConflictAcknowledged AddedAt AddedBy", changed: "ConflictNote AcknowledgementReason")
        .Add<InspectionFinding>(
            asIs: "Id RoundId TargetId OrgId Category ClueGrade State ExpressionId Responsibility ResponsibleOrgId SuggestedForm Immediate Version "
                + "AgreedAt AgreedBy SharedAt CreatedAt CreatedBy UpdatedAt",
            changed: "Title Facts Evidence Basis Expression Recommendation ResponsiblePersons AgreedWording")
        .Add<InspectionFindingVersion>(asIs: "Id FindingId Version ChangedAt ChangedBy", changed: "Snapshot Reason")
        .Add<InspectionFindingMessage>(asIs: "Id FindingId Side AuthorUserId AuthorName At", changed: "Body ProposedWording")
        .Add<InspectionFindingAttachment>(
            asIs: "Id FindingId ContentType Size Sha256 UploadedAt UploadedBy", changed: "FileName", never: "Data")
        .Add<InspectionClueTransfer>(
            asIs: "Id FindingId Department TransferredAt TransferredBy ReceiptNo ReceivedAt ReceivedBy", changed: "Note")
        // 巡言巡语: the library's wording is not confidential; an example may retell a real case
        .Add<InspectionExpression>(asIs: "Id Category Expression Symptoms Active CreatedAt UpdatedAt UpdatedBy", changed: "Example")
        .Build();

    private sealed class Builder
    {
        private readonly Dictionary<Type, Dictionary<string, AuditRule>> _table = [];

        public Builder Add<T>(string asIs, string idNumber = "", string phone = "", string email = "", string userName = "",
            string changed = "", string never = "")
        {
            if (!_table.TryGetValue(typeof(T), out var rules)) _table[typeof(T)] = rules = new(StringComparer.Ordinal);
            void Put(string names, AuditRule rule)
            {
                foreach (var name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (!rules.TryAdd(name, rule))
                        throw new InvalidOperationException($"{typeof(T).Name}.{name} is classified twice for the audit trail");
            }
            Put(asIs, new(AuditRecording.AsIs));
            Put(idNumber, new(AuditRecording.Masked, AuditMask.IdNumber));
            Put(phone, new(AuditRecording.Masked, AuditMask.Phone));
            Put(email, new(AuditRecording.Masked, AuditMask.Email));
            Put(userName, new(AuditRecording.Masked, AuditMask.UserName));
            Put(changed, new(AuditRecording.ChangedOnly));
            Put(never, new(AuditRecording.Never));
            return this;
        }

        public Dictionary<Type, Dictionary<string, AuditRule>> Build() => _table;
    }
}
