import type { CaseSeed, Clock, Ref } from './case-seed.ts'

/** The earlier, closed case of shared/docs/DEMO.md section 3 (T-1100 to T-730). */
export const CLOSED_CASE = {
  title: 'Jeugdoverlast winkelcentrum Oosterhaven-Noord',
  gemeente: 'Rivierstede',
  area: 'Winkelcentrum Oosterhaven-Noord, achteringang en achterzijde',
  theme: 'verloedering' as const,
  problemType: 'standaard' as const,
  bestuurder: 'Burgemeester',
  context: 'Buurtwinkelcentrum in het noorden van Oosterhaven. De winkeliers hebben geen vereniging.',
  aanleiding: 'Groep jongeren bij de achteringang; vernielingen en vervuiling, vooral in de winter.',
}

export const CLOSED_CASE_MEMBERS = ['GEM', 'POL', 'OM', 'WON', 'BEW', 'JZ'] as const

export const CLOSED_CASE_EVALUATION = [
  'Overlast en vernielingen zijn meer dan gehalveerd. Verlichting, snoeien en jongerenwerk werkten het best; het meldprotocol kwam niet van de grond. Jongerenwerk en BOA-ronde gaan over naar de reguliere werkwijze.',
  '',
  'Lessen:',
  '- Verplaatsing is niet gemeten; neem een meetpunt in omliggende gebieden op.',
  '- Een meldprotocol vraagt een vaste contactpersoon bij de ondernemers.',
  '- Spreek bij de start af wie voorzieningen voor jongeren betaalt.',
].join('\n')

/** Steps, goals with their result, the five actions with their final status, and the evaluation that closes it. */
export function fillOosterhavenNoord(s: CaseSeed, { T, D }: Clock) {
  // Steps (opened → closed, deadline): every member organisation marked each step done.
  const phases: [step: number, closed: number, deadline: number][] = [
    [1, -1086, -1085],
    [2, -1060, -1058],
    [3, -1045, -1045],
    [4, -1025, -1024],
    [5, -1000, -998],
  ]
  let opened = -1100
  for (const [step, closed, deadline] of phases) {
    s.deadline(step, T(deadline), T(opened + 0.1))
    for (const [i, code] of CLOSED_CASE_MEMBERS.entries()) s.done(step, code, T(closed - 3 + i * 0.4))
    s.closeStep(step, T(closed))
    opened = closed
  }
  s.deadline(6, T(-729), T(opened + 0.1))

  // Step 4: the goals (nulmeting → streefwaarde).
  const goal = (
    at: number,
    title: string,
    indicator: string,
    unit: string,
    direction: 'hoger' | 'lager',
    b: number,
    t: number,
  ) =>
    s.goal('GEM', T(at), {
      title,
      indicator,
      unit,
      direction,
      baseline: b,
      baselineDate: D(-1070),
      target: t,
      targetDate: D(-760),
      subproblemIds: [],
    })
  const meldingen = goal(-1040, 'Minder jeugdoverlast', 'Meldingen overlast jeugd', 'per maand', 'lager', 11, 6)
  const vernielingen = goal(-1039.9, 'Minder vernielingen', 'Vernielingen', 'per kwartaal', 'lager', 9, 4)
  const veilig = goal(
    -1039.8,
    "Veiliger gevoel ondernemers 's avonds",
    "Ondernemers die zich 's avonds veilig voelen",
    '%',
    'hoger',
    35,
    60,
  )

  // Step 5: the five actions, all accepted by everyone involved.
  const action = (by: string, at: number, title: string, trekker: string, goalIds: Ref[], others: string[] = []) => {
    const id = s.action(by, T(at), {
      title,
      trekker,
      participants: [trekker, ...others].map((code) => [code, 0] as [string, number]),
      startDate: D(-1000),
      dueDate: D(-760),
      cost: null,
      payer: null,
      goalIds,
    })
    for (const code of [trekker, ...others].filter((c) => c !== by)) s.commit(id, code, T(at + 2), 'accepted')
    return id
  }
  const a1 = action('GEM', -1020, 'Verlichting en snoeien groen achterzijde', 'GEM', [vernielingen, veilig])
  const a2 = action('GEM', -1019.9, 'Jongerenwerk twee avonden per week', 'GEM', [meldingen])
  const a3 = action('POL', -1019, 'Shortlist groepscriminaliteit en gesprekken met ouders', 'POL', [meldingen], ['JZ'])
  const a4 = action('GEM', -1018.9, 'BOA-ronde achteringang in de winter', 'GEM', [meldingen, vernielingen])
  const a5 = action('POL', -1018, 'Meldprotocol ondernemers', 'POL', [veilig])

  // Step 6: the final status of every action, the result per goal, the evaluation.
  s.actionUpdate('POL', T(-900), {
    actionId: a5,
    status: 'gestopt',
    title: 'Gestopt',
    note: 'Geen vaste contactpersoon; na drie maanden geen meldingen meer.',
  })
  s.actionUpdate('GEM', T(-880), {
    actionId: a1,
    status: 'klaar',
    title: 'Afgerond',
    note: 'Verlichting geplaatst en groen gesnoeid.',
  })
  s.actionUpdate('POL', T(-800), {
    actionId: a3,
    status: 'klaar',
    title: 'Afgerond',
    note: 'Shortlist opgesteld; gesprekken met ouders gevoerd.',
  })
  s.actionUpdate('GEM', T(-760), {
    actionId: a4,
    status: 'klaar',
    title: 'Afgerond',
    note: 'BOA-ronde gaat over naar de reguliere werkwijze.',
  })
  s.actionUpdate('GEM', T(-750), {
    actionId: a2,
    status: 'klaar',
    title: 'Afgerond',
    note: 'Jongerenwerk gaat over naar de reguliere werkwijze.',
  })
  const result = (by: string, at: number, goalId: Ref, title: string, value: number, source: string) =>
    s.measurement(by, T(at), { title, goalId, value, measuredAt: D(-750), source })
  result('POL', -745, meldingen, 'Resultaat meldingen overlast jeugd', 5, 'Politie, meldingenregistratie')
  result('POL', -744.9, vernielingen, 'Resultaat vernielingen', 4, 'Politie, registratie vernielingen')
  result('GEM', -744, veilig, 'Resultaat veiligheidsgevoel ondernemers', 55, 'Enquête ondernemers')
  // The projectleider's evaluation concludes afsluiten, and that closes the case (ADR 010).
  const evaluation = s.evaluation('GEM', T(-730), {
    title: 'Evaluatie aanpak jeugdoverlast Oosterhaven-Noord',
    description: CLOSED_CASE_EVALUATION,
    conclusion: 'afsluiten',
  })
  return { goals: { meldingen, vernielingen, veilig }, actions: [a1, a2, a3, a4, a5], evaluation }
}
