import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/locales';
import {
  isExcluding,
  REPOSITORY_DECORATIONS,
  TAG_DECORATIONS,
  type RepositoryDecoration,
  type SelectorForm,
  type TagDecoration,
} from '../lib/selector-patterns';
import { SelectorFields } from './SelectorFields';

/** The features whose rule dialogs edit selectors; each has its own wording under its i18n prefix. */
type Messages = 'immutable' | 'retention';
type Name =
  | 'repositories'
  | 'repositories_decoration'
  | 'repositories_pattern'
  | 'repositories_hint'
  | 'tags'
  | 'tags_decoration'
  | 'tags_pattern'
  | 'tags_hint'
  | 'matching'
  | 'excluding';

// The return type makes the compiler check that every prefix has every key.
const key = (messages: Messages, name: Name): MessageKey => `${messages}.${name}` as const;

interface RuleSelectorsProps {
  messages: Messages;
  value: SelectorForm;
  onChange: (next: Partial<SelectorForm>) => void;
  /** The decorations core offers (Tag Retention's metadata); Harbor's two of each by default. */
  repositoryDecorations?: readonly string[];
  tagDecorations?: readonly string[];
  autoFocus?: boolean;
  /** At the end of the tags row (Tag Retention's "Untagged artifacts"). */
  tagExtra?: ReactNode;
  /** Between the repositories and the tags (Tag Retention's template and count). */
  children?: ReactNode;
}

/** A rule's repositories and tags, each matching or excluding a pattern, as Harbor's rule dialogs show them. */
export function RuleSelectors({
  messages,
  value,
  onChange,
  repositoryDecorations = REPOSITORY_DECORATIONS,
  tagDecorations = TAG_DECORATIONS,
  autoFocus,
  tagExtra,
  children,
}: RuleSelectorsProps) {
  const { t } = useI18n();
  const text = (name: Name) => t(key(messages, name));
  const decorationText = (decoration: string) => text(isExcluding(decoration) ? 'excluding' : 'matching');
  return (
    <>
      <SelectorFields
        legend={text('repositories')}
        decorationLabel={text('repositories_decoration')}
        patternLabel={text('repositories_pattern')}
        hint={text('repositories_hint')}
        decorations={repositoryDecorations}
        decorationText={decorationText}
        decoration={value.repositoryDecoration}
        pattern={value.repositories}
        onDecorationChange={(decoration) =>
          onChange({ repositoryDecoration: decoration as RepositoryDecoration })
        }
        onPatternChange={(repositories) => onChange({ repositories })}
        autoFocus={autoFocus}
      />
      {children}
      <SelectorFields
        legend={text('tags')}
        decorationLabel={text('tags_decoration')}
        patternLabel={text('tags_pattern')}
        hint={text('tags_hint')}
        decorations={tagDecorations}
        decorationText={decorationText}
        decoration={value.tagDecoration}
        pattern={value.tags}
        onDecorationChange={(decoration) => onChange({ tagDecoration: decoration as TagDecoration })}
        onPatternChange={(tags) => onChange({ tags })}
      >
        {tagExtra}
      </SelectorFields>
    </>
  );
}
