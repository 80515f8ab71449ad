import { ADDRESS_KIND_LABELS, ADDRESS_SOURCE_LABELS, labelsIn } from '@cc/contracts';
import type { zhCNAddresses } from './addresses';

export const enAddresses: typeof zhCNAddresses = {
  kinds: labelsIn(ADDRESS_KIND_LABELS, 'en'),
  sources: labelsIn(ADDRESS_SOURCE_LABELS, 'en'),
  search: {
    label: 'Address search',
    placeholder: 'Type a door number, compound or fixed point',
    searching: 'Searching…',
    empty: 'No such address: try another spelling or tap the map',
    failed: 'Address search is not available',
    chosen: 'Placed by address: {{label}}',
  },
  casesNear: {
    hint: 'Choose an address to move the map there and list the cases nearest to it',
    clear: 'Clear the address',
    showing: 'Cases near {{label}}',
  },
  book: {
    nav: 'Address book',
    title: 'Address book',
    intro:
      "The addresses search finds: the area tree's compounds, the registry's buildings, the dispatch points (kept up to date from the platform), and the address files imported.",
    total: '{{count}} addresses',
    source: 'Source',
    count: 'Count',
    upload: 'Import an address file',
    uploading: 'Importing…',
    format:
      'A CSV file in UTF-8 with a header row: address, lng, lat and optionally area_code (when missing, the area is found from the point). A file is imported whole or not at all; at most {{mb}} MB.',
    lastImport: 'Last import',
    none: 'No address file imported yet',
    fileName: 'File',
    at: 'When',
    outcome: { imported: 'Imported', refused: 'Refused' },
    rowsRead: '{{count}} rows read',
    rowsStored: '{{count}} new or changed',
    imported: 'Imported: {{read}} rows read, {{stored}} new or changed',
    refused: 'The file has problems: nothing was imported',
  },
};
