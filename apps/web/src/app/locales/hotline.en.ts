import type { zhCNHotline } from './hotline';

export const enHotline: typeof zhCNHotline = {
  nav: '12345 hotline intake',
  title: '12345 hotline intake',
  intro:
    "The 12345 Citizen Service Hotline's work orders come in in bulk: each becomes a hotline case in the scenario its category is mapped to, once per hotline id. Orders whose category is not mapped, or whose address cannot be placed, are held back and listed in the file's report; once that is put right, the same file sent again files just those, the rest counted as duplicates.",
  taxonomyFailed:
    'The scenario list could not be loaded: scenarios show as codes and categories cannot be mapped for now',
  intake: {
    title: 'How work orders come in',
    intro:
      "The hotline's system sends a file of work orders with its department key: CSV (UTF-8, a header row) or JSON lines (one JSON object per line, keyed by the column names).",
    key: 'department API key',
    keyFrom:
      'The key is issued by an administrator of the city in Departments; the department needs the grant to send 12345 hotline work orders.',
    departments: 'Go to Departments',
    columns: 'Columns',
    required: 'Required',
    column: {
      hotline_id: "The hotline's id, 1–64 letters, digits or _ . : -; an id becomes one case only",
      category: "The hotline's category, turned into a scenario by the mapping below",
      text: 'What the caller asks, at most 2000 characters',
      caller_name: "The caller's name, stored encrypted",
      caller_phone: "The caller's number, stored encrypted and shown masked",
      address: 'An address, placed by the address book; or give the coordinates',
      lng: 'Longitude, given with the latitude',
      lat: 'Latitude, given with the longitude',
      received_at:
        'When the call was taken, ISO 8601 with its offset, e.g. 2026-12-07T08:30:00+08:00',
    },
    rules:
      'Each row needs an address, or both longitude and latitude. If any row is wrong, nothing of the file is imported, and the problems are listed by line and column. At most {{mb}} MB at a time.',
    upload: 'Upload a work-order file',
    uploading: 'Importing…',
    uploadHelp: 'A .csv or .jsonl file in the format above',
    imported: 'Imported: {{created}} created, {{duplicates}} duplicates, {{held}} held back',
  },
  categories: {
    title: 'Category mapping',
    intro:
      "The scenario each hotline category becomes, and the fixed answers its orders give to the scenario's required questions.",
    create: 'Add mapping',
    createTitle: 'Map a category',
    mapTitle: 'Map "{{category}}"',
    save: 'Save',
    saved: 'Saved the mapping of "{{category}}"',
    category: 'Hotline category',
    categoryHelp: "Exactly as the hotline's system names it",
    categoryRequired: 'Enter the hotline category',
    scenario: 'Scenario',
    scenarioHelp: 'Search by name, code or keyword',
    scenarioRequired: 'Choose a scenario',
    scenarioPlaceholder: 'Choose a scenario',
    answersHelp:
      'A work order does not carry these: every order of this category is filed with these answers.',
    noAnswers: 'This scenario has no required questions.',
    noAnswersShort: 'None',
    answers: 'Fixed answers',
    updatedAt: 'Updated',
    edit: 'Change',
    delete: 'Remove',
    deleteTitle: 'Remove the mapping of "{{category}}"?',
    deleteConfirm:
      'New orders of this category are held back until it is mapped again; cases already filed stay as they are.',
    deleted: 'Removed the mapping of "{{category}}"',
    empty: 'No category is mapped yet: every work order will be held back',
    scenarioGone: 'Scenario no longer exists',
  },
  imports: {
    title: 'Imports',
    at: 'When',
    from: 'From',
    viaApi: 'API',
    viaUpload: 'Uploaded',
    outcome: 'Outcome',
    refused: 'Refused',
    imported: 'Imported',
    rowsRead: 'Rows',
    created: 'Created',
    duplicates: 'Duplicates',
    held: 'Held back',
    empty: 'No imports yet',
  },
  report: {
    refused:
      'The file has problems: no work order was imported. Correct the lines and columns below and send the whole file again.',
    rowsRead: '{{count}} rows read',
    created: '{{count}} created',
    duplicates: '{{count}} duplicates',
    held: '{{count}} held back',
    running: 'Importing',
    allDone: 'Every work order was dealt with: none held back.',
    unmappedTitle: 'Held back, their category not mapped:',
    orders: 'Orders',
    ids: 'Hotline ids',
    mapping: 'Mapping',
    mappedNow: 'Mapped now: {{scenario}}',
    map: 'Map this category',
    askAdmin: 'An administrator of the city maps it',
    sendAgain:
      'Once mapped, send or upload the same file again to import these orders; those already filed count as duplicates and are not filed twice.',
    unplacedTitle: '{{count}} held back: their address could not be placed',
    unplacedHelp:
      "Add these addresses to the address book, or have the hotline's system send coordinates, then send them again.",
    changedTitle: '{{count}} ids were imported before with other content: the first import stands',
    moreIds: 'and {{count}} more',
  },
};
