/**
 * Creates the Univer instance of the editor: the sheets core preset with the Russian locale (Univer
 * has no Kazakh locale; the grid chrome stays Russian, our own UI switches languages). The ribbon,
 * context menu and header menus are off: the form's structure comes from the template.
 */
import type { FUniver, Univer } from '@univerjs/presets';
import { LocaleType, createUniver, mergeLocales } from '@univerjs/presets';
import { UniverSheetsCorePreset } from '@univerjs/preset-sheets-core';
import sheetsCoreRuRU from '@univerjs/preset-sheets-core/locales/ru-RU';
import '@univerjs/preset-sheets-core/lib/index.css';

export interface SheetsUniver {
  univer: Univer;
  univerAPI: FUniver;
}

/** Mounts Univer into a container element. */
export function createSheetsUniver(container: HTMLElement): SheetsUniver {
  return createUniver({
    locale: LocaleType.RU_RU,
    locales: { [LocaleType.RU_RU]: mergeLocales(sheetsCoreRuRU) },
    presets: [
      UniverSheetsCorePreset({
        container,
        header: false,
        toolbar: false,
        contextMenu: false,
        formulaBar: true,
        // No "+ sheet" button: forms are added with «Добавить форму» (templates), never blank sheets.
        footer: { sheetBar: true, statisticBar: true, menus: false, zoomSlider: true, addSheetButtonConfig: { show: false } },
        // Codes are text on purpose (leading zeros); no "number stored as text" marks.
        sheets: { disableForceStringMark: true, disableForceStringAlert: true },
        disableTextFormatMark: true,
        disableTextFormatAlert: true,
      }),
    ],
  });
}
