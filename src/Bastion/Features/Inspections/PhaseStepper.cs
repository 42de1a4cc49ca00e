namespace Bastion.Features.Inspections;

/// <summary>The phase stepper of an inspected organization: the current phase and the dates each phase was entered.</summary>
public sealed record PhaseStepper(string Current, IReadOnlyList<InspectionQueries.PhaseRow> Phases);
