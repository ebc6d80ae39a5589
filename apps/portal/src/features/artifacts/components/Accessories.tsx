import { CopyButton } from '../../../components/CopyButton';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatBytes, formatDateTime, shortDigest } from '../../../lib/format';
import type { Accessory } from '../api';

/** Signatures, SBOMs… of one artifact: type, digest (copyable), size and when they were pushed. */
export function AccessoriesTable({ accessories, label }: { accessories: Accessory[]; label: string }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th>{t('artifacts.col_type')}</th>
            <th>{t('artifacts.col_digest')}</th>
            <th className="table__num">{t('artifacts.col_size')}</th>
            <th>{t('artifact.col_created')}</th>
          </tr>
        </thead>
        <tbody>
          {accessories.map((accessory) => (
            <tr key={accessory.id}>
              <td>
                <span className="badge">{accessory.type}</span>
              </td>
              <td>
                <span className="artifact-digest">
                  <span className="mono" title={accessory.digest}>
                    {shortDigest(accessory.digest)}
                  </span>
                  <CopyButton text={accessory.digest} label={t('artifacts.copy_digest')} />
                </span>
              </td>
              <td className="table__num">{formatBytes(accessory.size)}</td>
              <td>{formatDateTime(accessory.creation_time, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The accessories listed under their artifact's row in the artifact list. */
export function AccessoryLines({ accessories }: { accessories: Accessory[] }) {
  const { t } = useI18n();
  return (
    <ul className="accessory-lines" aria-label={t('artifact.accessories')}>
      {accessories.map((accessory) => (
        <li key={accessory.id}>
          <span aria-hidden="true">↳</span>
          <span className="badge">{accessory.type}</span>
          <span className="mono" title={accessory.digest}>
            {shortDigest(accessory.digest)}
          </span>
          <CopyButton text={accessory.digest} label={t('artifacts.copy_digest')} />
        </li>
      ))}
    </ul>
  );
}
