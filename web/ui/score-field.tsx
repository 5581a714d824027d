import { Group, Input, Rating, Text } from '@mantine/core';

type Props = {
  id: string;
  score: number;
  onChange: (score: number) => void;
  /** The "choose a score" message is shown (and announced) under the stars. */
  missing: boolean;
  size: 'lg' | 'xl';
  legend: string;
  symbolLabel: (score: number) => string;
  meaning: (score: number) => string;
  requiredText: string;
};

/** A 1–5 star score as one labelled radio group, with the meaning of the chosen score and a missing-score message. */
export function ScoreField({ id, score, onChange, missing, size, legend, symbolLabel, meaning, requiredText }: Props) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }} aria-describedby={missing ? `${id}-missing` : undefined}>
      <legend style={{ padding: 0 }}>
        <Input.Label labelElement="div">{legend}</Input.Label>
      </legend>
      <Group gap="sm" mt={4} wrap="wrap">
        <Rating value={score} onChange={onChange} size={size} getSymbolLabel={symbolLabel} name={id} />
        {score > 0 && (
          <Text size="sm" c="dimmed">
            {meaning(score)}
          </Text>
        )}
      </Group>
      {missing && (
        <Text size="xs" c="red.8" id={`${id}-missing`} role="alert" mt={4}>
          {requiredText}
        </Text>
      )}
    </fieldset>
  );
}
