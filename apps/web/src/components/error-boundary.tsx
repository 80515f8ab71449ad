import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { withTranslation, type WithTranslation } from 'react-i18next';

interface Props extends WithTranslation {
  children: ReactNode;
}

interface State {
  error: Error | undefined;
}

/** Catches render errors so a broken page shows a message, never a blank screen. */
class ErrorBoundaryInner extends Component<Props, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Render error', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    const { t } = this.props;
    if (!error) return this.props.children;
    return (
      <Result
        status="error"
        title={t('error.boundaryTitle')}
        subTitle={error.message}
        extra={[
          <Button key="retry" type="primary" onClick={() => this.setState({ error: undefined })}>
            {t('common.retry')}
          </Button>,
          <Button key="reload" onClick={() => window.location.reload()}>
            {t('common.reloadPage')}
          </Button>,
        ]}
      />
    );
  }
}

export const ErrorBoundary = withTranslation()(ErrorBoundaryInner);
